"""Request (XxxIn) and response (XxxOut) bodies of the API, apart from the tables."""
