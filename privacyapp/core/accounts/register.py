"""The accounts register: adding, changing, linking and removing accounts, what an attacker could reach from
one of them, and the counts Home shows. Pure functions over a tuple of accounts: the caller stores the result
in the profile (the GUI's session, or the CLI)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from privacyapp.core.accounts.model import (
    LINK_KINDS,
    LINK_WORDS,
    STATES,
    TWO_FACTOR,
    VISIBILITY,
    Account,
    Link,
    LinkKind,
    PasswordHealth,  # noqa: F401 - callers build one through the register
    new_id,
)
from privacyapp.core.checklist.model import REVIEW_TOPICS, SERVICES, Catalog, Item
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.services import Service, ServiceCatalogue
from privacyapp.i18n import N_, _

# which 2-step login methods are better than which: a security key or a passkey cannot be phished; an
# authenticator app's code or a messenger's PIN can be, but not stolen with a phone number; a text message can
# be (SIM swapping)
TWO_FACTOR_RANK = {"none": 0, "unknown": 0, "sms": 1, "app": 2, "pin": 2, "key": 3, "passkey": 3}
# an attacker who takes over an account also gets the accounts that sign in with it or recover through it
TAKEOVER_KINDS = ("sign-in", "recovery")
# the methods in a sentence: "The strongest is an authenticator app."
# shown with _()
TWO_FACTOR_PHRASES = {
    "sms": N_("a text-message code"), "app": N_("an authenticator app"), "pin": N_("a PIN or extra password"),
    "key": N_("a security key"), "passkey": N_("a passkey"),
}  # fmt: skip


class AccountError(PrivacyAppError):
    """A change the register cannot make (an unknown id, a link to itself): the message says why."""


Accounts = tuple[Account, ...]


def load(raw: Iterable[Any]) -> Accounts:
    """The accounts of a profile's `accounts` list; entries that are not objects are left out."""
    return tuple(Account.from_json(entry) for entry in raw if isinstance(entry, Mapping))


def dump(accounts: Iterable[Account]) -> list[dict[str, Any]]:
    return [account.to_json() for account in accounts]


def find(accounts: Accounts, ident: str) -> Account:
    """The account with this id, or with an id starting with it (at least 4 characters, and only one)."""
    ident = ident.strip().lower()
    exact = [a for a in accounts if a.id == ident]
    if exact:
        return exact[0]
    matches = [a for a in accounts if len(ident) >= 4 and a.id.startswith(ident)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AccountError(f"More than one account id starts with '{ident}'.", hint="Type more of the id.")
    raise AccountError(
        f"There is no account with the id '{ident}'.", hint="See the ids with: privacyapp-cli accounts list"
    )


def _check_choice(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise AccountError(f"'{value}' is not a {what}; use one of: {', '.join(allowed)}.")


def add(
    accounts: Accounts, service: str, catalogue: ServiceCatalogue, today: date, **fields: Any
) -> tuple[Accounts, Account]:
    """A new account of `service` (an id or a name from the catalogue), with `fields` as in `update`."""
    chosen = service_by_name(catalogue, service)
    taken = {a.id for a in accounts}
    ident = new_id()
    while ident in taken:
        ident = new_id()
    account = _validated(Account(id=ident, service=chosen.id, added=today).with_changes(**fields))
    return (*accounts, account), account


def service_by_name(catalogue: ServiceCatalogue, name: str) -> Service:
    wanted = name.strip().lower()
    for service in catalogue.services:
        if wanted in (service.id, service.name.lower()):
            return service
    known = ", ".join(s.id for s in catalogue.services)
    raise AccountError(f"privacyapp does not know the service '{name}'.", hint=f"Known services: {known}.")


def _validated(account: Account) -> Account:
    _check_choice(account.visibility, VISIBILITY, "visibility")
    _check_choice(account.two_factor, TWO_FACTOR, "2-step login method")
    _check_choice(account.state, STATES, "state")
    return account


def update(accounts: Accounts, ident: str, **fields: Any) -> tuple[Accounts, Account]:
    """The account `ident` with `fields` changed (handle, visibility, two_factor, login_alerts, notes, state,
    reviewed, password, deletion)."""
    old = find(accounts, ident)
    new = _validated(old.with_changes(**fields))
    return tuple(new if a.id == old.id else a for a in accounts), new


def link(accounts: Accounts, source: str, target: str, kind: str) -> Accounts:
    """`source` shares posts to, signs in with, or recovers through `target`."""
    _check_choice(kind, LINK_KINDS, "kind of link")
    a, b = find(accounts, source), find(accounts, target)
    if a.id == b.id:
        raise AccountError("An account cannot be linked to itself.")
    new = Link(b.id, LinkKind(kind))
    if new in a.links:
        return accounts
    return update(accounts, a.id, links=(*a.links, new))[0]


def unlink(accounts: Accounts, first: str, second: str, kind: str | None = None) -> Accounts:
    """Remove the links between two accounts, both ways (only those of `kind` when given)."""
    a, b = find(accounts, first), find(accounts, second)

    def kept(account: Account, other: str) -> tuple[Link, ...]:
        return tuple(x for x in account.links if not (x.to == other and kind in (None, x.kind)))

    if kept(a, b.id) == a.links and kept(b, a.id) == b.links:
        raise AccountError(f"Those two accounts are not linked{f' by {kind}' if kind else ''}.")
    accounts = update(accounts, a.id, links=kept(a, b.id))[0]
    return update(accounts, b.id, links=kept(b, a.id))[0]


def remove(accounts: Accounts, ident: str) -> Accounts:
    """Forget an account, and every link to it."""
    gone = find(accounts, ident)
    return tuple(
        a.with_changes(links=tuple(x for x in a.links if x.to != gone.id)) for a in accounts if a.id != gone.id
    )


def _shared_passwords(found_for: Mapping[str, list[CheckedLogin]]) -> dict[str, tuple[str, ...] | None]:
    """For each matched account, the other matched accounts whose login had the same password in this audit
    (ids only), or None when the audit did not say which logins share one."""
    members: dict[int, set[str]] = {}
    for ident, logins in found_for.items():
        for login in logins:
            if login.group is not None:
                members.setdefault(login.group, set()).add(ident)
    out: dict[str, tuple[str, ...] | None] = {}
    for ident, logins in found_for.items():
        groups = [login.group for login in logins]
        known = [group for group in groups if group is not None]
        if len(known) < len(groups):
            out[ident] = None
            continue
        others = {other for group in known for other in members[group]} - {ident}
        out[ident] = tuple(sorted(others))
    return out


def edges(accounts: Accounts) -> list[tuple[Account, Account, str]]:
    """Every link as (from, to, kind), between accounts that both exist."""
    by_id = {a.id: a for a in accounts}
    return [(a, by_id[x.to], x.kind) for a in accounts for x in a.links if x.to in by_id]


def reach(accounts: Accounts, ident: str) -> set[str]:
    """The ids of the accounts an attacker who took over `ident` could take over too: those that sign in with
    it or recover through it, and so on (not `ident` itself)."""
    return reach_from(takeover_graph(accounts), find(accounts, ident).id)


def takeover_graph(accounts: Accounts) -> dict[str, set[str]]:
    """For each account, the accounts that sign in with it or recover through it (built once for many `reach`es)."""
    controlled_by: dict[str, set[str]] = {}
    for source, target, kind in edges(accounts):
        if kind in TAKEOVER_KINDS:
            controlled_by.setdefault(target.id, set()).add(source.id)
    return controlled_by


def reach_from(controlled_by: Mapping[str, set[str]], start: str) -> set[str]:
    """`reach` over a graph made by `takeover_graph`."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in controlled_by.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen - {start}


def describe_link(source: Account, target: Account, kind: str, catalogue: ServiceCatalogue) -> str:
    return f"{label(source, catalogue)} {LINK_WORDS[kind]} {label(target, catalogue)}"


def label(account: Account, catalogue: ServiceCatalogue) -> str:
    name = catalogue.name(account.service)
    return f"{name} ({account.handle})" if account.handle else name


@dataclass(frozen=True)
class Summary:
    """What Home shows about the accounts still in use."""

    accounts: int
    private: int
    can_be_private: int
    with_two_factor: int
    links: int
    due_for_review: int


def summary(accounts: Accounts, catalogue: ServiceCatalogue, today: date) -> Summary:
    active = [a for a in accounts if a.state != "deleted"]
    ids = {a.id for a in active}
    privatable = [a for a in active if (s := catalogue.by_id.get(a.service)) is None or s.can_be_private]
    return Summary(
        accounts=len(active),
        private=sum(a.visibility == "private" for a in privatable),
        can_be_private=len(privatable),
        with_two_factor=sum(TWO_FACTOR_RANK[a.two_factor] > 0 for a in active),
        links=sum(1 for a in active for x in a.links if x.to in ids),
        due_for_review=sum(a.due_for_review(today) for a in active),
    )


def two_factor_advice(service: Service | None, method: str) -> tuple[str, bool]:
    """Plain words on the 2-step login in use against what the service offers, and whether all is well: one whole
    sentence for each case, in the current language."""
    if service is None:
        if method == "unknown":
            return _("Not sure? This service may not offer 2-step login; look in its security settings."), False
        if method == "none":
            return _("Turn on 2-step login if this service offers it, and give it a long password."), False
        if method == "sms":
            return _(
                "A text-message code is much better than nothing; if this service offers an authenticator app or a "
                "passkey, switch to it."
            ), True
        return _("Good: {method} is a strong second step.").format(method=_(TWO_FACTOR_PHRASES[method])), True
    name, offered = service.name, service.two_factor
    best = max(offered, key=lambda m: TWO_FACTOR_RANK[m], default=None)
    if method == "unknown":
        if not offered:
            return _("Not sure? {name} may not offer 2-step login; look in its security settings.").format(
                name=name
            ), False
        return _("Not sure? Look in {name}'s security settings. It offers: {methods}.").format(
            name=name, methods=_offered(offered)
        ), False
    if method == "none":
        if not offered:
            return _("{name} does not offer 2-step login, so give it a long password you use nowhere else.").format(
                name=name
            ), True
        return _("Turn on 2-step login: {name} offers {methods}. The strongest is {best}.").format(
            name=name, methods=_offered(offered), best=_(TWO_FACTOR_PHRASES[best or method])
        ), False
    if method == "sms" and best in (None, "sms"):
        return _("A text-message code is much better than nothing, and {name} offers nothing stronger.").format(
            name=name
        ), True
    if method == "sms" and best is not None and TWO_FACTOR_RANK[best] > TWO_FACTOR_RANK["sms"]:
        return _(
            "{name} also offers {best}. Switch to it: a text-message code can be stolen by someone who takes over "
            "your phone number (SIM swapping)."
        ).format(name=name, best=_(TWO_FACTOR_PHRASES[best])), False
    if offered and method not in offered:
        return _("{name} does not list {method}; check what is really on.").format(
            name=name, method=_(TWO_FACTOR_PHRASES[method])
        ), False
    return _("Good: {method} is a strong second step.").format(method=_(TWO_FACTOR_PHRASES[method])), True


def _offered(methods: Iterable[str]) -> str:
    words = [_(TWO_FACTOR_PHRASES[m]) for m in sorted(methods, key=lambda m: -TWO_FACTOR_RANK[m])]
    if len(words) == 1:
        return words[0]
    # Translators: the end of a list, as in "a passkey, an authenticator app and a text-message code"
    return _("{items} and {last}").format(items=_(", ").join(words[:-1]), last=words[-1])


def review_items(catalog: Catalog, service: str) -> dict[str, Item]:
    """The checklist item for each review topic: the service's own, else the general one (see "Account reviews"
    in checklists/README.md). A topic with neither is left out."""
    own: dict[str, Item] = {}
    general: dict[str, Item] = {}
    for item in catalog.items:
        if item.review is None:
            continue
        if service in item.platforms:
            own[item.review] = item
        elif not set(item.platforms) & set(SERVICES):
            general[item.review] = item
    return {topic: own.get(topic) or general[topic] for topic in REVIEW_TOPICS if topic in own or topic in general}


@dataclass(frozen=True)
class CheckedLogin:
    """One login of a password audit, as the register keeps it: never the password."""

    site: str  # a web address or a host name
    username: str
    score: int
    breach_count: int | None  # None: could not be checked
    group: int | None = None  # logins of one audit with the same password share it; None: not known


def save_audit(
    accounts: Accounts, logins: Iterable[CheckedLogin], catalogue: ServiceCatalogue, today: date
) -> tuple[Accounts, list[Account]]:
    """Keep each audited login's summary (strength, exposed or not, checked today, which of the person's other
    accounts had the same password) on its account: the one of the site's service whose handle is the login's
    username, or the only account of that service when the audit has one login for it. Ambiguous and unmatched
    logins are left out. Returns (accounts, updated)."""
    from privacyapp.core.audit import site_name

    by_service: dict[str, list[CheckedLogin]] = {}
    for login in logins:
        service = catalogue.for_domain(site_name(login.site))
        if service is not None:
            by_service.setdefault(service.id, []).append(login)

    def handle(text: str) -> str:
        return text.strip().lower().lstrip("@").strip()

    found_for: dict[str, list[CheckedLogin]] = {}
    for service_id, found in by_service.items():
        candidates = [a for a in accounts if a.service == service_id and a.state != "deleted"]
        gone = {handle(a.handle) for a in accounts if a.service == service_id and a.state == "deleted"}
        for login in found:
            name = handle(login.username)
            matches = [a for a in candidates if name and handle(a.handle) == name]
            if not matches and len(candidates) == 1 and len(found) == 1 and name not in gone:
                matches = candidates  # the only account of that service (not the login of a deleted one)
            if len(matches) == 1:
                found_for.setdefault(matches[0].id, []).append(login)
    shared = _shared_passwords(found_for)
    updated: dict[str, Account] = {}
    for account in accounts:
        matched = found_for.get(account.id)
        if not matched:
            continue
        # several logins for one account: keep the worst, so that a leaked password is never hidden
        counts = [login.breach_count for login in matched]
        exposed = True if any(counts) else (None if None in counts else False)
        score = min(login.score for login in matched)
        health = replace(
            account.password, score=score, exposed=exposed, checked=today, reused_with=shared.get(account.id)
        )
        updated[account.id] = account.with_changes(password=health)
    return tuple(updated.get(a.id, a) for a in accounts), list(updated.values())
