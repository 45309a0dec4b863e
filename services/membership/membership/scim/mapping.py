"""SCIM 2.0 (RFC 7643) views of members and organisations: a member is a ``User`` and an organisation a
``Group``, each with the party's own extension schema.

Why the mapping is narrow: a provisioning system may correct contacts, but admission, removal, status and branch
are party decisions taken through their commands, so SCIM reads them and changes only phone and e-mail; the
organisation tree changes through the organisation commands only, so Groups are read-only."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Email,
    ETag,
    Extension,
    Filter,
    Group,
    GroupMember,
    Meta,
    Mutability,
    Name,
    Patch,
    PhoneNumber,
    ResourceType,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    User,
)

from membership.members.models import Member

PARTY_SCHEMA = "urn:vn:grassroots:scim:schemas:extension:party:2.0:Member"
ORG_SCHEMA = "urn:vn:grassroots:scim:schemas:extension:party:2.0:Organisation"
MAX_RESULTS = 200
MAX_GROUP_MEMBERS = 1000
"""A group lists at most this many members (its sub-organisations first, then its members by id): SCIM cannot
page a multi-valued attribute, and a branch is far smaller; ``GET /api/v1/members?org_id=`` pages any size."""
ACTIVE = frozenset({"probationary", "official", "exempt", "transfer_pending"})


class PartyMember(Extension):
    """The party data of a member (read-only through SCIM: they change through the party's commands)."""

    __schema__ = URN(PARTY_SCHEMA)

    org_id: Annotated[str | None, Mutability.read_only] = None
    """The branch (chi bộ) the member belongs to."""
    status: Annotated[str | None, Mutability.read_only] = None
    """probationary, official, exempt, transfer_pending, removed, resigned, expelled, deceased…"""
    source_system: Annotated[str | None, Mutability.read_only] = None
    """The HR system whose key ``externalId`` is (with it, the member's import key)."""
    admission_date: Annotated[date | None, Mutability.read_only] = None
    recognition_date: Annotated[date | None, Mutability.read_only] = None


MemberUser = User[PartyMember]


class PartyOrganisation(Extension):
    """Where an organisation sits in the tree (read-only: the tree changes through the organisation commands)."""

    __schema__ = URN(ORG_SCHEMA)

    kind: Annotated[str | None, Mutability.read_only] = None
    """province, district, grassroots_committee, grassroots_branch, partial_committee, branch."""
    parent_id: Annotated[str | None, Mutability.read_only] = None
    status: Annotated[str | None, Mutability.read_only] = None
    """active, merged or dissolved."""
    established_on: Annotated[date | None, Mutability.read_only] = None


OrgGroup = Group[PartyOrganisation]  # type: ignore[type-arg]  # the stubs omit Group's extension parameter

PROVIDER = ScimProvider(
    models=[User, PartyMember, Group, PartyOrganisation],
    resource_types=[ResourceType.from_resource(MemberUser), ResourceType.from_resource(OrgGroup)],
)

CONFIG = ServiceProviderConfig(
    documentation_uri="https://grassroots.example.vn/docs/integration",
    patch=Patch(supported=True),
    bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_RESULTS),
    change_password=ChangePassword(supported=False),
    sort=Sort(supported=False),
    etag=ETag(supported=True),
    authentication_schemes=[
        AuthenticationScheme(
            type="oauthbearertoken",
            name="OAuth Bearer Token",
            description="A bearer token of the party's OIDC provider naming `roles` and `org`.",
        )
    ],
)


def user_name(member: Member) -> str:
    """Unique and stable: ``<source_system>/<external_id>`` for an imported member, else the member's id."""
    if member.source_system and member.external_id:
        return f"{member.source_system}/{member.external_id}"
    return member.id


def to_user(member: Member, base_url: str) -> User[PartyMember]:
    user = MemberUser(
        id=member.id,
        external_id=member.external_id,
        user_name=user_name(member),
        display_name=member.full_name,
        name=Name(formatted=member.full_name),
        active=member.status in ACTIVE,
        phone_numbers=[PhoneNumber(value=member.phone, type="mobile", primary=True)] if member.phone else None,
        emails=[Email(value=member.email, type="work", primary=True)] if member.email else None,
        meta=Meta(
            resource_type="User",
            created=member.created_at,
            last_modified=member.updated_at,
            version=f'W/"{member.version}"',
            location=f"{base_url}/scim/v2/Users/{member.id}",
        ),
    )
    user[PartyMember] = PartyMember(
        org_id=member.org_id,
        status=member.status,
        source_system=member.source_system,
        admission_date=member.admission_date,
        recognition_date=member.recognition_date,
    )
    return user


def contacts(user: User[PartyMember]) -> tuple[str | None, str | None]:
    """The phone and e-mail a (patched) user carries: the primary one, else the first."""

    def pick(items: list[PhoneNumber] | list[Email] | None) -> str | None:
        if not items:
            return None
        chosen = next((i for i in items if i.primary), items[0])
        return str(chosen.value) if chosen.value else None

    return pick(user.phone_numbers), pick(user.emails)


def to_group(org: Any, children: list[Any], members: list[Any], base_url: str) -> Any:
    """``org`` an ``org_nodes`` row; ``children`` its sub-organisations and ``members`` its own members (rows
    with ``id`` and a name), listed as the group's members of type Group and User."""
    listed = [
        GroupMember(value=c.id, ref=f"{base_url}/scim/v2/Groups/{c.id}", type="Group", display=c.name) for c in children
    ] + [
        GroupMember(value=m.id, ref=f"{base_url}/scim/v2/Users/{m.id}", type="User", display=m.full_name)
        for m in members
    ]
    group = OrgGroup(
        id=org.id,
        external_id=org.code,
        display_name=org.name,
        members=listed[:MAX_GROUP_MEMBERS] or None,
        meta=Meta(
            resource_type="Group",
            last_modified=org.updated_at,
            version=f'W/"{org.version}"',
            location=f"{base_url}/scim/v2/Groups/{org.id}",
        ),
    )
    group[PartyOrganisation] = PartyOrganisation(
        kind=org.kind, parent_id=org.parent_id, status=org.status, established_on=org.established_on
    )
    return group
