"""The review UI: `streamlit run review_ui/app.py` (or `arcopilot ui`), talking to the API at API_URL."""

from __future__ import annotations

import streamlit as st

from review_ui import session
from review_ui.formatting import badge
from review_ui.navigation import PAGES, pages_for
from review_ui.views.login import login_page
from tools.settings import load_settings


def main() -> None:
    st.set_page_config(page_title="AR Copilot", page_icon=":material/payments:", layout="wide")
    if "api_url" not in st.session_state:
        session.configure(load_settings().api_url)
    user = session.current_user()
    if user is None:
        # Every page's URL signs in first, so a link to a draft still leads there afterwards; a page the
        # role may not see is then "not found" (the navigation is rebuilt for the role).
        sign_in = [st.Page(login_page, title="Sign in", icon=":material/login:", url_path="login", default=True)]
        sign_in += [st.Page(login_page, title="Sign in", url_path=name, visibility="hidden") for name in PAGES]
        st.navigation(sign_in, position="hidden").run()
        return
    navigation = st.navigation(pages_for(user.role))
    with st.sidebar:
        st.markdown(f"**{user.name}** {badge(user.role, 'blue')}  \n{user.email}")
        if st.button("Sign out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()
    navigation.run()


main()
