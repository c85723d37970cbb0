"""Commands: what a customer message asks the engine to do, one command type per module.

`parse.commands_for` turns a reading into commands, in priority order: a request for a person
first, then safety, then answers to what the assistant asked, then a new request.
"""
