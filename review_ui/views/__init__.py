"""One module per page, each with one page function.

Not named `pages/`: Streamlit treats a `pages/` folder beside the entry script as its older file-based
multipage app, and would run those files as pages instead of app.py's st.navigation."""
