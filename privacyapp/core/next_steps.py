"""The "Fix these first" list: what matters most for one person now, short and ranked, drawn from everything the
app knows about them (their accounts and saved audit results, their checklist plan and progress, the known-breach
list). Home and `privacyapp-cli next` both show exactly this list. Qt-free.

The ranking rule is `RANKING` below (also in docs/next-steps.md): a kind higher in the table always comes before
a kind lower down. Each account or checklist item appears once, as its highest-ranked kind, so that one account
with several problems does not fill the list; fixing that one sends the person to the same place anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from privacyapp.core.accounts import register
from privacyapp.core.accounts.breaches import Breach, BreachList, match
from privacyapp.core.accounts.model import Account, AccountState, TwoFactor, Visibility
from privacyapp.core.checklist.model import Catalog, Item
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.progress import State, effective
from privacyapp.core.services import Service, ServiceCatalogue
from privacyapp.i18n import _, ngettext

DEFAULT_LIMIT = 7  # a short list a person reads at once (Google's and Apple's checkups show 3 to 5)
HIDE_DAYS = 7  # "not now" puts a step off for a week, like "later" on a checklist step
HUB_MIN_REACH = 3  # an account that this many others fall with is a hub (the map highlights the same reach)
STRONG_TWO_FACTOR = 2  # register.TWO_FACTOR_RANK of an authenticator app: cannot be stolen with a phone number
STRONG_SCORE = 3  # zxcvbn's score from which a password counts as strong


class Kind(StrEnum):
    LEAKED_PASSWORD = "leaked-password"  # noqa: S105 - names of kinds, not passwords
    REUSED_PASSWORD = "reused-password"  # noqa: S105
    WEAK_PASSWORD = "weak-password"  # noqa: S105
    NO_TWO_STEP = "no-2-step"
    WEAKER_TWO_STEP = "weaker-2-step"
    PUBLIC_ACCOUNT = "public-account"
    BREACHED_SINCE_CHANGE = "breached-since-change"
    HUB_ACCOUNT = "hub-account"
    DUE_AGAIN = "due-again"
    ESSENTIAL_STEP = "essential-step"


# The ranking rule: each kind, and why it comes where it does. First is most urgent.
RANKING: tuple[tuple[Kind, str], ...] = (
    (Kind.LEAKED_PASSWORD, "the password is already in attackers' lists: someone may be trying it right now"),
    (Kind.BREACHED_SINCE_CHANGE, "the service was broken into after the password was set: it may be in those lists"),
    (Kind.REUSED_PASSWORD, "one leak anywhere opens every account that shares the password"),
    (Kind.HUB_ACCOUNT, "whoever takes it over takes over every account that signs in or recovers through it"),
    (Kind.NO_TWO_STEP, "a stolen or guessed password is all it takes to get in"),
    (Kind.WEAK_PASSWORD, "it can be guessed, but a guesser must still find the account and get past any 2-step"),
    (Kind.WEAKER_TWO_STEP, "protected already, by a method that can be phished or taken with a phone number"),
    (Kind.DUE_AGAIN, "it was done once; settings and apps change, so it needs a fresh look"),
    (Kind.PUBLIC_ACCOUNT, "it shows what a person shares, but does not let anyone in"),
    (Kind.ESSENTIAL_STEP, "the most important steps of the plan that are not done yet, in the plan's order"),
)
ORDER: Mapping[Kind, int] = {kind: position for position, (kind, _why) in enumerate(RANKING)}
assert set(ORDER) == set(Kind), "every kind has its place in the ranking"


class TargetType(StrEnum):
    ITEM = "item"  # a checklist item: its id
    ACCOUNT = "account"  # an account of the register: its id
    PAGE = "page"  # a page of the app: home, checklist, passwords, accounts, settings


@dataclass(frozen=True)
class Target:
    type: TargetType
    id: str

    def to_json(self) -> dict[str, str]:
        return {"type": self.type.value, "id": self.id}


@dataclass(frozen=True)
class NextStep:
    rank: int  # 1, 2, ... in the list shown
    kind: Kind
    title: str
    why: str  # one plain sentence, in the current language
    target: Target
    hidden_until: date | None = None  # put off with "not now" until this day (shown only when asked for)

    @property
    def key(self) -> str:
        """What "not now" remembers: the kind and the target. A new, worse problem with the same account is a new
        key, so it shows even while the old one is put off."""
        return step_key(self.kind, self.target)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rank": self.rank,
            "kind": self.kind.value,
            "title": self.title,
            "why": self.why,
            "target": self.target.to_json(),
        }
        if self.hidden_until is not None:
            out["hidden_until"] = self.hidden_until.isoformat()
        return out


def step_key(kind: Kind, target: Target) -> str:
    return f"{kind.value}:{target.type.value}:{target.id}"


# --- "not now" ----------------------------------------------------------------------------------------------------
# Kept in the profile's settings (`next_hidden`, see core/settings.py) as "YYYY-MM-DD <key>": the day it comes back.


def hidden(entries: Iterable[str], today: date) -> dict[str, date]:
    """The keys put off and still hidden today, with the day each comes back; unreadable entries count as none."""
    out: dict[str, date] = {}
    for entry in entries:
        day, _space, key = entry.partition(" ")
        try:
            until = date.fromisoformat(day)
        except ValueError:
            continue
        if key and until > today:
            out[key] = max(until, out.get(key, until))
    return out


def hide(entries: Iterable[str], key: str, today: date, days: int = HIDE_DAYS) -> tuple[str, ...]:
    """The entries with `key` put off for `days` days. Entries that have come back are dropped (the list stays
    short); unreadable ones are kept as they were (a newer version may have written them)."""
    kept = []
    for entry in entries:
        day, _space, other = entry.partition(" ")
        try:
            expired = date.fromisoformat(day) <= today
        except ValueError:
            expired = False
        if other != key and not expired:
            kept.append(entry)
    return (*kept, f"{(today + timedelta(days=days)).isoformat()} {key}")


# --- the list -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    kind: Kind
    target: Target
    title: str
    why: str
    tie: tuple[Any, ...]  # within a kind: most important first, then by name, then by id (deterministic)

    @property
    def order(self) -> tuple[Any, ...]:
        return (ORDER[self.kind], *self.tie)


def next_steps(
    document: ProfileDocument,
    catalog: Catalog,
    services: ServiceCatalogue,
    breaches: BreachList | None,
    today: date,
    *,
    plan: Sequence[Item] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    include_hidden: bool = False,
) -> list[NextStep]:
    """The ranked list: the most urgent first, each account or item once, at most `limit` (None: all). Steps put
    off with "not now" are left out, unless `include_hidden`, which shows them in their place, marked. `plan` is
    the person's checklist plan (worked out from the document when not given)."""
    items = plan if plan is not None else profile_plan(catalog, document)
    found = [*_account_steps(document.accounts, services, breaches, today), *_item_steps(document, items, today)]
    best: dict[Target, _Found] = {}
    for step in sorted(found, key=lambda f: f.order):
        best.setdefault(step.target, step)  # the highest-ranked problem of each target
    put_off = hidden(document.settings.next_hidden, today)
    out: list[NextStep] = []
    for step in best.values():
        until = put_off.get(step_key(step.kind, step.target))
        if until is not None and not include_hidden:
            continue
        if limit is not None and len(out) >= limit:
            break
        out.append(NextStep(len(out) + 1, step.kind, step.title, step.why, step.target, until))
    return out


def _account_steps(
    accounts: tuple[Account, ...], services: ServiceCatalogue, breaches: BreachList | None, today: date
) -> list[_Found]:
    active = tuple(a for a in accounts if a.state == AccountState.ACTIVE)
    in_use = {a.id for a in active}
    newest_breach: dict[str, Breach] = {}
    if breaches is not None:
        for flag in match(active, breaches, services):  # newest breach first
            newest_breach.setdefault(flag.account.id, flag.breach)
    reach = _reach(active)
    out: list[_Found] = []
    for account in active:
        name = register.label(account, services)
        target = Target(TargetType.ACCOUNT, account.id)
        service = services.by_id.get(account.service)

        def add(kind: Kind, title: str, why: str, weight: int = 0, *, _t: Target = target, _n: str = name) -> None:
            out.append(_Found(kind, _t, title, why, (-weight, _n.casefold(), _t.id)))

        health = account.password
        # a password changed after the audit that judged it is a new password: the audit says nothing about it
        current = health.checked is not None and (health.changed is None or health.changed <= health.checked)
        if current and health.exposed:
            add(
                Kind.LEAKED_PASSWORD,
                _("Change your {account} password").format(account=name),
                _("This password is in lists of leaked passwords, so attackers can try it to get into your account."),
            )
        breach = newest_breach.get(account.id)
        if breach is not None:
            why = _breached(breach.title, breach.breach_date, health.changed)
            add(Kind.BREACHED_SINCE_CHANGE, _("Change your {account} password").format(account=name), why)
        others = [i for i in health.reused_with or () if i in in_use and i != account.id] if current else []
        if others:
            add(
                Kind.REUSED_PASSWORD,
                _("Give {account} a password of its own").format(account=name),
                ngettext(
                    "You use this password on {count} other account too, so one leak would open both.",
                    "You use this password on {count} other accounts too, so one leak would open all of them.",
                    len(others),
                ).format(count=len(others)),
                len(others),
            )
        depends = len(reach.get(account.id, ()))
        if depends >= HUB_MIN_REACH and not _well_guarded(account):
            add(
                Kind.HUB_ACCOUNT,
                _("Lock down {account}: other accounts depend on it").format(account=name),
                ngettext(
                    "{count} other account signs in or gets reset through this one, so whoever gets in here gets "
                    "that one too.",
                    "{count} other accounts sign in or get reset through this one, so whoever gets in here gets "
                    "them too.",
                    depends,
                ).format(count=depends),
                depends,
            )
        out.extend(_two_factor_steps(account, service, name, target))
        if current and health.score is not None and health.score < STRONG_SCORE:
            add(
                Kind.WEAK_PASSWORD,
                _("Make your {account} password stronger").format(account=name),
                _("This password is easy for a computer to guess: a longer one made of several words is much harder."),
                STRONG_SCORE - health.score,
            )
        if account.visibility == Visibility.PUBLIC and service is not None and service.can_be_private:
            add(
                Kind.PUBLIC_ACCOUNT,
                _("Make {account} private").format(account=name),
                _("Right now anyone can see what you share there, even people you have never met."),
            )
    return out


def _breached(service: str, on: date, changed: date | None) -> str:
    if changed is None:
        return _(
            "{service} was broken into on {date}, and you have not said whether you changed this password since."
        ).format(service=service, date=on.isoformat())
    return _("{service} was broken into on {date}, after you last changed this password.").format(
        service=service, date=on.isoformat()
    )


def _two_factor_steps(account: Account, service: Service | None, name: str, target: Target) -> list[_Found]:
    rank = register.TWO_FACTOR_RANK
    offered = tuple(service.two_factor) if service is not None else ()
    tie = (0, name.casefold(), target.id)
    if account.two_factor == TwoFactor.NONE and (service is None or offered):
        return [
            _Found(
                Kind.NO_TWO_STEP,
                target,
                _("Turn on 2-step login for {account}").format(account=name),
                _("Right now a stolen password is all someone needs to get in; 2-step login asks for a code too."),
                tie,
            )
        ]
    current = account.two_factor.value
    best = max(offered, key=lambda m: rank[m], default=None)
    offered_phrases = register.TWO_FACTOR_PHRASES  # a method in use that can be named (not "none" or "unknown")
    if service is not None and best is not None and current in offered_phrases and rank[best] > rank[current]:
        return [
            _Found(
                Kind.WEAKER_TWO_STEP,
                target,
                _("Switch {account} to a stronger 2-step login").format(account=name),
                # Translators: {better} and {current} are 2-step methods, such as "an authenticator app"
                _("{service} also offers {better}, which is harder to steal than {current}.").format(
                    service=service.name,
                    better=_(register.TWO_FACTOR_PHRASES[best]),
                    current=_(register.TWO_FACTOR_PHRASES[current]),
                ),
                tie,
            )
        ]
    return []


def _well_guarded(account: Account) -> bool:
    """A hub that is already hard to take over: strong 2-step login and no known weak or leaked password."""
    health = account.password
    weak = health.exposed is True or (health.score is not None and health.score < STRONG_SCORE)
    return register.TWO_FACTOR_RANK[account.two_factor] >= STRONG_TWO_FACTOR and not weak


def _reach(accounts: tuple[Account, ...]) -> dict[str, set[str]]:
    """What an attacker gets with each account that others sign in with or recover through (the map's hubs)."""
    graph = register.takeover_graph(accounts)
    return {ident: register.reach_from(graph, ident) for ident in graph}


def profile_plan(catalog: Catalog, document: ProfileDocument) -> list[Item]:
    """The checklist plan of this profile, by the same rule as the checklist page."""
    from privacyapp.core.checklist.plan import plan

    settings = document.settings
    return plan(catalog, settings.plan_who, settings.plan_platforms, [a.service for a in document.accounts])


def _item_steps(document: ProfileDocument, items: Sequence[Item], today: date) -> list[_Found]:
    out: list[_Found] = []
    for position, item in enumerate(items):
        state = effective(item, document.progress.get(item.id), today)
        target = Target(TargetType.ITEM, item.id)
        if state == State.DUE:
            why = _("You did this a while ago, and settings change, so it is time for another look.")
            title = _("Check again: {step}").format(step=item.title)
            out.append(_Found(Kind.DUE_AGAIN, target, title, why, (-item.weight, position)))
        elif state == State.TODO and item.priority == "essential":
            out.append(_Found(Kind.ESSENTIAL_STEP, target, item.title, _essential_why(item), (position,)))
    return out


def _essential_why(item: Item) -> str:
    return ngettext(
        "One of the most important steps in your plan, and it takes about {count} minute.",
        "One of the most important steps in your plan, and it takes about {count} minutes.",
        item.minutes,
    ).format(count=item.minutes)


# --- where the person stands --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """Home's figures for passwords and accounts (the checklist's is its score): how many are in good shape."""

    passwords_good: int  # passwords checked by an audit that are strong, not leaked and not shared
    passwords_checked: int
    accounts_good: int  # accounts in use with nothing on the list
    accounts: int


def standing(
    document: ProfileDocument, services: ServiceCatalogue, breaches: BreachList | None, today: date
) -> Standing:
    active = tuple(a for a in document.accounts if a.state == AccountState.ACTIVE)
    in_use = {a.id for a in active}
    checked = [a.password for a in active if a.password.checked is not None]
    good = [
        p
        for p in checked
        if p.exposed is False and (p.score is None or p.score >= STRONG_SCORE) and not set(p.reused_with or ()) & in_use
    ]
    flagged = {f.target.id for f in _account_steps(active, services, breaches, today)}
    return Standing(len(good), len(checked), len(in_use - flagged), len(in_use))
