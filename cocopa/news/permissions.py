"""Who may write the news: the peace office (Django's model permissions on posts, asked by the
office pages, the services and the admin through `user.has_perm`), plus `news.publish_post` to
publish and withdraw. The public reads published posts; drafts and their pictures stay in the office.
"""

from cocopa.core.roles import add_model_perms, grant, is_peace_office


def register() -> None:
    add_model_perms("news", is_peace_office)
    grant("news.publish_post", is_peace_office)
