"""One module per concern of the Streamlit layer; ``pages/__init__.py`` re-exports them."""
