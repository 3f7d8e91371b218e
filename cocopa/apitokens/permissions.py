"""API tokens are made and revoked by an operator: `cocopa create_api_token` on the server, or a
superuser in the back office. No role grants them (superusers hold every right through Django's
`User.has_perm`), so no office clerk can mint a token that reads every member's fees.
"""

from cocopa.core.roles import add_model_perms


def nobody(user: object) -> bool:
    return False


def register() -> None:
    add_model_perms("apitokens", nobody)
