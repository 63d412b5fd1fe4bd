"""A client author's first program against iro, written with the client that
openapi-python-client generates from the served document (package `iro_client`;
`.ci/generated-clients` generates it and runs this). It signs in, creates an institution,
changes it with If-Match, pages through a list and reads a 404 as a problem. Any surprise
raises, so the process exits non-zero.

Environment: IRO_URL (e.g. http://127.0.0.1:8080) and IRO_ADMIN_PASSWORD.
"""

import os
import typing
import uuid

from iro_client import AuthenticatedClient, Client
from iro_client.api.auth import issue_token, get_me
from iro_client.api.institutions import (
    create_institution,
    get_institution,
    list_institutions,
    update_institution,
)
from iro_client.models import InstitutionInput, LocalizedName, Problem, TokenResponse
from iro_client.types import UNSET

BASE_URL = os.environ["IRO_URL"]
ADMIN_PASSWORD = os.environ["IRO_ADMIN_PASSWORD"]
# hei_id prefix: the TypeScript program uses the same server, with its own prefix.
PREFIX = "py-client"


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"check failed: {what}")
    print(f"ok: {what}")


def body_models(operation) -> list[type]:
    """The generated model classes an operation's `body` accepts. Their names follow the
    schema names of the document, so read them from the signature instead of spelling them."""
    hint = typing.get_type_hints(operation.sync_detailed)["body"]
    return [t for t in typing.get_args(hint) or (hint,) if hasattr(t, "from_dict")]


def form_body(operation, fields: dict):
    """The body model the generated client sends form-encoded (RFC 6749 wants a form)."""
    for model in body_models(operation):
        body = model.from_dict(fields)
        if "data" in operation._get_kwargs(body=body):
            return body
    raise SystemExit(f"{operation.__name__} has no form-encoded body")


anonymous = Client(base_url=BASE_URL, raise_on_unexpected_status=True)

# 1. Sign in: the OAuth 2.0 password grant as a form.
signed_in = issue_token.sync_detailed(
    client=anonymous,
    body=form_body(issue_token, {"grant_type": "password", "username": "admin", "password": ADMIN_PASSWORD}),
)
tokens = signed_in.parsed
check(signed_in.status_code == 200 and isinstance(tokens, TokenResponse), "the password grant answers tokens")
api = AuthenticatedClient(base_url=BASE_URL, token=tokens.access_token, raise_on_unexpected_status=True)

me = get_me.sync(client=api)
check(me is not None and me.role == "admin", "GET /me knows who signed in")

# 2. Create an institution; the answer carries its ETag.
created = create_institution.sync_detailed(
    client=api,
    body=InstitutionInput(
        hei_id=f"{PREFIX}-0.example.org",
        name=LocalizedName.from_dict({"en": "Python Client University"}),
        country="RS",
    ),
)
created_tag = created.headers.get("etag")
check(created.status_code == 201 and created_tag is not None, "POST /institutions answers 201 with an ETag")
institution_id = created.parsed.id

# 3. Change it with a JSON Merge Patch, based on that version (If-Match).
(patch_model,) = body_models(update_institution)
patched = update_institution.sync_detailed(
    institution_id, client=api, body=patch_model.from_dict({"city": "Novi Sad"}), if_match=created_tag
)
check(patched.status_code == 200 and patched.parsed.city == "Novi Sad", "PATCH with If-Match changes the city")
check(patched.headers.get("etag") not in (None, created_tag), "the change answers a new ETag")

# The same If-Match again names a version that is no longer current: 412, as a problem.
stale = update_institution.sync_detailed(
    institution_id, client=api, body=patch_model.from_dict({"city": "Niš"}), if_match=created_tag
)
check(
    stale.status_code == 412 and isinstance(stale.parsed, Problem) and stale.parsed.code == "precondition_failed",
    "a stale If-Match answers 412 precondition_failed",
)

# 4. List with paging: two more institutions, then pages of two until next_cursor is None.
for n in (1, 2):
    more = create_institution.sync_detailed(
        client=api,
        body=InstitutionInput(
            hei_id=f"{PREFIX}-{n}.example.org",
            name=LocalizedName.from_dict({"en": f"Python Client College {n}"}),
            country="RS",
        ),
    )
    check(more.status_code == 201, f"created institution {n}")
seen, cursor, pages = [], None, 0
while True:
    # `q` keeps the other program's institutions out of the pages.
    page = list_institutions.sync(client=api, q=PREFIX, limit=2, cursor=cursor or UNSET)
    seen += [item.hei_id for item in page.items]
    pages += 1
    cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
    if cursor is None or pages >= 10:
        break
check(
    sorted(seen) == [f"{PREFIX}-{n}.example.org" for n in range(3)],
    f"paging with limit 2 returns each of the 3 institutions once ({pages} pages)",
)

# 5. A missing institution is a 404 problem with a stable code.
missing = get_institution.sync_detailed(uuid.UUID("00000000-0000-7000-8000-000000000000"), client=api)
check(
    missing.status_code == 404
    and isinstance(missing.parsed, Problem)
    and missing.parsed.status == 404
    and missing.parsed.code == "not_found",
    "a missing institution answers a 404 problem with code not_found",
)
check(missing.headers.get("content-type") == "application/problem+json", "the 404 is application/problem+json")

print("python client: all checks passed")
