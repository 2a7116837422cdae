"""The review UI: `streamlit run review_ui/app.py` (or `arcopilot serve-ui`), talking to the API at API_URL."""

from __future__ import annotations

import streamlit as st

from review_ui import session
from review_ui.formatting import badge
from review_ui.navigation import pages_for
from review_ui.views.login import login_page
from tools.settings import load_settings


def main() -> None:
    st.set_page_config(page_title="AR Copilot", page_icon=":material/payments:", layout="wide")
    if "api_url" not in st.session_state:
        session.configure(load_settings().api_url)
    user = session.current_user()
    if user is None:
        st.navigation([st.Page(login_page, title="Sign in", icon=":material/login:", url_path="login")],
                      position="hidden").run()
        return
    navigation = st.navigation(pages_for(user.role))
    with st.sidebar:
        st.markdown(f"**{user.name}** {badge(user.role, 'blue')}  \n{user.email}")
        if st.button("Sign out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()
    navigation.run()


main()
