"""Hold the blind evaluation set: customer messages never trained on, one file per language.

Each `<language>.yaml` holds messages written by someone who saw neither the training examples
nor the scenarios, each with its kind, the requests it makes and its safety label (`must`,
`weak` or `none`); `ridgeline eval wild` runs them through the whole assistant (see
`ridgeline.scenarios.wild`).
"""
