"""Server-rendered pages: the customer's chat, the agent console, and the embeddable snippet."""
