"""Candidate matches: people willing to return to a job, against the posts of local
enterprises (the enterprise labour-demand records).

A person is a candidate for a post when they are willing to return (or it depends) and
plan to take a job, did not refuse work in a county enterprise, their wished pay is within
the post's top pay, their education meets the post's minimum, and their occupation is the
post's, or their trade (工种) stands in the post's name or skill requirements. Candidates
are ranked by a score: 2 for the same occupation, 2 for the trade, 1 for the industry
(wished or current) of the enterprise, 1 when the post's lowest pay already meets their
wish, 1 when they live in the enterprise's township. The table lists, per township and
post, the best `per_post` candidates with the reasons in words.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from collector.forms.model import Form
from collector.forms.roles import Meaning, Role, roles_of
from collector.ledger.errors import CancelCheck, OperationCancelled, never_cancelled
from collector.messages import render
from collector.reports.tables import RoleLabels
from collector.storage.store import RecordFilter, Store

SCORES = {"occupation": 2, "trade": 2, "industry": 1, "pay": 1, "township": 1}
PERSON_ROLES = (
    Role.PERSON_NAME,
    Role.PHONE,
    Role.TOWNSHIP,
    Role.VILLAGE,
    Role.OCCUPATION,
    Role.INDUSTRY,
    Role.WISHED_INDUSTRY,
    Role.TRADE,
    Role.EXPECTED_PAY,
    Role.EDUCATION,
)
PERSON_FIELDS = tuple(r.value for r in PERSON_ROLES)
"""The people's columns, named by role: the survey form's fields are found through roles."""
POST_ROLES = (
    Role.POST_NAME,
    Role.OCCUPATION,
    Role.HEADCOUNT,
    Role.SKILLS_REQUIRED,
    Role.EDUCATION_REQUIRED,
    Role.PAY_MIN,
    Role.PAY_MAX,
)


def _people(store: Store, form: Form, cancelled: CancelCheck) -> pd.DataFrame:
    roles = roles_of(form)
    willing, plan = roles.require(Role.RETURN_WILLING), roles.require(Role.RETURN_PLAN)
    local_job = roles.key(Role.LOCAL_JOB)
    # Willing to return (or it depends), to take a job, not refusing the county's firms.
    is_willing = roles.codes(Role.RETURN_WILLING, Meaning.WILLING, Meaning.DEPENDS)
    to_a_job = roles.codes(Role.RETURN_PLAN, Meaning.JOB)
    refuses = roles.codes(Role.LOCAL_JOB, Meaning.NO)
    keys = [(r.value, roles.key(r)) for r in PERSON_ROLES]
    rows = []
    for view in store.iter_records(RecordFilter(form_id=form.id)):
        if cancelled():
            raise OperationCancelled()
        data = view.data
        if (
            data.get(willing) in is_willing
            and data.get(plan) in to_a_job
            and (local_job is None or data.get(local_job) not in refuses)
        ):
            person = {column: data.get(key) if key else None for column, key in keys}
            rows.append({"person": view.id, **person})
    return pd.DataFrame(rows, columns=["person", *PERSON_FIELDS])


def _posts(store: Store, form: Form) -> pd.DataFrame:
    roles = roles_of(form)
    posts_key = roles.require(Role.POSTS)
    enterprise, township = roles.key(Role.ENTERPRISE_NAME), roles.key(Role.TOWNSHIP)
    industry = roles.key(Role.INDUSTRY)
    # Inside a post the enterprise form's own occupation field is the post's.
    keys = [(r.value, roles.key(r)) for r in POST_ROLES]
    rows: list[dict[str, Any]] = []
    for view in store.iter_records(RecordFilter(form_id=form.id)):
        data = view.data
        for post in data.get(posts_key) or []:
            rows.append(
                {
                    "post": len(rows),
                    "enterprise": data.get(enterprise) if enterprise else None,
                    "post_township": data.get(township) if township else None,
                    "post_industry": data.get(industry) if industry else None,
                    **{column: post.get(key) if key else None for column, key in keys},
                }
            )
    columns = ["post", "enterprise", "post_township", "post_industry", "post_name"]
    columns += ["occupation", "headcount", "skills_required", "education_required"]
    columns += ["pay_min", "pay_max"]
    return pd.DataFrame(rows).reindex(columns=columns)


def _trade_pairs(posts: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """(post, trade) where the trade is named in the post's name or skill requirements."""
    trades = [t for t in people["trade"].dropna().unique() if len(str(t)) >= 2]
    pairs = []
    for post, name, skills in posts[["post", "post_name", "skills_required"]].itertuples(
        index=False
    ):
        text = f"{name or ''} {skills or ''}"
        pairs += [(post, trade) for trade in trades if trade in text]
    return pd.DataFrame(pairs, columns=["post", "trade"]).assign(trade_match=True)


def match_candidates(
    store: Store,
    survey_form: Form,
    enterprise_form: Form,
    *,
    per_post: int = 10,
    lang: str | None = None,
    cancelled: CancelCheck = never_cancelled,
) -> pd.DataFrame:
    """The candidates of every post, best first, with titled columns ready to export."""
    people = _people(store, survey_form, cancelled)
    posts = _posts(store, enterprise_form)
    if people.empty or posts.empty:
        return _present(pd.DataFrame(columns=[*posts.columns, *PERSON_FIELDS]), survey_form, lang)
    pairs = _trade_pairs(posts, people)
    by_occupation = posts.merge(people, on="occupation", suffixes=("", "_person"))
    by_trade = posts.merge(pairs, on="post").merge(people, on="trade", suffixes=("", "_person"))
    by_trade = by_trade.rename(columns={"occupation_person": "person_occupation"})
    by_occupation["person_occupation"] = by_occupation["occupation"]
    found = pd.concat([by_occupation, by_trade], ignore_index=True)
    found = found.drop_duplicates(["post", "person"]).drop(columns=["trade_match"], errors="ignore")
    found = found.merge(pairs, on=["post", "trade"], how="left")
    found["trade_match"] = found["trade_match"].astype("boolean").fillna(False).astype(bool)
    return _present(_rank(found, enterprise_form, per_post), survey_form, lang)


def _education_rank(form: Form) -> dict[str, int]:
    """Education codes from the lowest (never at school) up, per the enterprise form's
    list of minimums ('00', no requirement, first)."""
    f = roles_of(form).field(Role.EDUCATION_REQUIRED)
    choices = form.choice_list(f) if f is not None else None
    return {c.name: i for i, c in enumerate(choices.choices if choices else [])}


def _rank(found: pd.DataFrame, enterprise_form: Form, per_post: int) -> pd.DataFrame:
    rank = _education_rank(enterprise_form)
    expected = pd.to_numeric(found["expected_pay"], errors="coerce")
    pay_max = pd.to_numeric(found["pay_max"], errors="coerce")
    pay_min = pd.to_numeric(found["pay_min"], errors="coerce")
    education = found["education"].map(rank).fillna(0)
    required = found["education_required"].map(rank).fillna(0)
    keep = (expected.isna() | pay_max.isna() | (expected <= pay_max)) & (education >= required)
    found = found[keep].copy()
    reasons = {
        "occupation": found["person_occupation"] == found["occupation"],
        "trade": found["trade_match"],
        "industry": (found["wished_industry"] == found["post_industry"])
        | (found["industry"] == found["post_industry"]),
        "pay": expected[keep] <= pay_min[keep],
        "township": found["township"] == found["post_township"],
    }
    found["score"] = sum(flags.astype(int) * SCORES[name] for name, flags in reasons.items())
    found["reasons"] = [
        [name for name, flags in reasons.items() if flags.iloc[i]] for i in range(len(found))
    ]
    found = found.sort_values(["post_township", "post", "score"], ascending=[True, True, False])
    return found.groupby("post", sort=False).head(per_post)


def _present(found: pd.DataFrame, survey_form: Form, lang: str | None) -> pd.DataFrame:
    labels = RoleLabels(survey_form, lang)

    def label(role: Role, column: str) -> list[Any]:
        return [labels.label(role, v) for v in found[column]]

    def words(reasons: Any) -> str:
        return "、".join(render(f"match.reason.{r}", lang=lang) for r in reasons or [])

    columns = {
        "match.post_township": label(Role.TOWNSHIP, "post_township"),
        "match.enterprise": list(found["enterprise"]),
        "match.post": list(found["post_name"]),
        "match.headcount": list(found["headcount"]),
        "match.pay": [
            f"{lo}-{hi}" for lo, hi in zip(found["pay_min"], found["pay_max"], strict=True)
        ],
        "match.person": list(found["person_name"]),
        "match.township": label(Role.TOWNSHIP, "township"),
        "match.village": label(Role.VILLAGE, "village"),
        "match.phone": list(found["phone"]),
        "match.occupation": label(Role.OCCUPATION, "person_occupation")
        if "person_occupation" in found
        else [],
        "match.trade": list(found["trade"]),
        "match.expected_pay": list(found["expected_pay"]),
        "match.education": label(Role.EDUCATION, "education"),
        "match.reasons": [words(r) for r in found.get("reasons", [])],
        "match.score": list(found.get("score", [])),
    }
    return pd.DataFrame({render(code, lang=lang): values for code, values in columns.items()})
