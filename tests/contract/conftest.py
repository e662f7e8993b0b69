"""The API contract: the OpenAPI documents against the server's behaviour (examples, request
rules, schemathesis). Staff fixtures come from the accounts tests."""

from tests.accounts.conftest import make_staff, owner_of, world  # noqa: F401 (fixtures)
