"""The HTTP interactions endpoint: the ASGI app and its lifespan, signature checks, and the
tracked background jobs that do slow work after the answer."""
