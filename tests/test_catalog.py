"""The reason catalogue (poa/data/reasons.yaml): its facts, its writing rules and its validation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from poa.case.catalog import DATA_DIR, EVIDENCE_KINDS, Reason, load_catalog
from poa.errors import PoaError

PERFORMANCE = [
    "order_defect_rate",
    "cancellation_rate",
    "late_shipment_rate",
    "valid_tracking_rate",
    "on_time_delivery_rate",
    "return_dissatisfaction_rate",
]
POLICY = [
    "inauthentic",
    "ip_trademark",
    "ip_copyright",
    "ip_patent",
    "review_manipulation",
    "restricted_product",
    "product_safety",
    "related_accounts",
    "pricing",
    "condition",
]
# Reasons real notices give beyond the sixteen (DOMAIN.md, "Learned since").
LATER_POLICY = [
    "identity_verification",
    "dropshipping",
    "listing_abuse",
    "code_of_conduct",
    "support_abuse",
    "shipment_confirmation",
    "altered_documents",
    "unspecified",
]
# DOMAIN.md, "Performance targets": (target %, direction, window in days).
TARGETS = {
    "order_defect_rate": (1.0, "below", 60),
    "cancellation_rate": (2.5, "below", 7),
    "late_shipment_rate": (4.0, "below", 30),
    "valid_tracking_rate": (95.0, "above", 30),
    "on_time_delivery_rate": (90.0, "above", 14),
    "return_dissatisfaction_rate": (10.0, "below", 60),
}
LISTS = ("root_causes", "corrective_actions", "preventive_measures")

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"\[[A-Z ]+\]|TODO|XXX|\{\{|\}\}|<[a-z_ ]+>")
PROMISE = re.compile(r"\b(we will|we'll|we plan to|going to|we intend to)\b", re.IGNORECASE)
# Phrases reviewers reject (DOMAIN.md, "Mistakes reviewers reject").
REJECTED = re.compile(
    r"we did not know|we didn't know|we were not aware|we were unaware|sorry|apolog|unfortunately|"
    r"sincerely|received complaints|be more careful|review our processes|please",
    re.IGNORECASE,
)
BRITISH = re.compile(
    r"\b\w*(authoris|organis|recognis|prioritis|realis|standardis|minimis|optimis)\w*|fulfilment|"
    r"\blicence\b|cancelled|cancelling|labelled|labelling|\bcatalogue\b|colour|behaviour|centre\b",
    re.IGNORECASE,
)
IRREGULAR_PAST = {"set", "reset", "rewrote", "withdrew", "took", "had", "split", "made", "built", "bought"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def reasons(catalog) -> list[Reason]:
    return list(catalog.reasons.values())


def suggestions(reason: Reason):
    for name in LISTS:
        yield from getattr(reason, name)


def english_texts(reason: Reason):
    """Every English string of a reason that can reach a user or the plan."""
    yield reason.label.en
    yield reason.description.en
    yield reason.summary
    for item in suggestions(reason):
        yield item.en
    for item in reason.preventive_measures:
        yield item.owner
        yield item.frequency
    for item in reason.evidence:
        yield item.en
    if reason.metric:
        yield reason.metric.formula
        yield reason.metric.defects_label.en
        yield reason.metric.orders_label.en
    if reason.response:
        yield reason.response.note
    for source in reason.sources:
        yield source.title
        yield source.reference


def chinese_texts(reason: Reason):
    yield reason.label.zh
    yield reason.description.zh
    for item in suggestions(reason):
        yield item.zh
    for item in reason.evidence:
        yield item.zh
    if reason.metric:
        yield reason.metric.defects_label.zh
        yield reason.metric.orders_label.zh


# ---------------------------------------------------------------- structure


def test_ids_are_the_reasons_in_order(catalog):
    assert catalog.ids() == PERFORMANCE + POLICY + LATER_POLICY


def test_performance_and_policy_split(catalog):
    assert catalog.ids("performance") == PERFORMANCE
    assert catalog.ids("policy") == POLICY + LATER_POLICY
    for reason_id in PERFORMANCE:
        assert catalog[reason_id].metric is not None
    for reason_id in POLICY + LATER_POLICY:
        assert catalog[reason_id].metric is None


@pytest.mark.parametrize("name", LISTS)
def test_every_reason_has_at_least_five_suggestions_of_each_kind(reasons, name):
    for reason in reasons:
        assert len(getattr(reason, name)) >= 5, (reason.id, name)


def test_no_duplicate_suggestion_within_a_reason(reasons):
    for reason in reasons:
        english = [item.en.casefold() for item in suggestions(reason)]
        chinese = [item.zh for item in suggestions(reason)]
        assert len(english) == len(set(english)), reason.id
        assert len(chinese) == len(set(chinese)), reason.id


# ---------------------------------------------------------------- language


def test_chinese_texts_contain_cjk(reasons):
    for reason in reasons:
        for text in chinese_texts(reason):
            assert CJK.search(text), (reason.id, text)


def test_chinese_menu_labels_are_short(reasons):
    for reason in reasons:
        for item in suggestions(reason):
            assert 8 <= len(item.zh) <= 30, (reason.id, item.zh)


def test_english_texts_have_no_cjk_or_placeholders(reasons):
    for reason in reasons:
        for text in english_texts(reason):
            assert not CJK.search(text), (reason.id, text)
            assert not PLACEHOLDER.search(text), (reason.id, text)
            assert text == text.strip() and "  " not in text, (reason.id, text)


def test_english_suggestions_are_one_or_two_short_sentences(reasons):
    for reason in reasons:
        for item in suggestions(reason):
            assert len(item.en) <= 240, (reason.id, item.en)
            assert item.en.endswith("."), (reason.id, item.en)
            assert item.en[0].isupper(), (reason.id, item.en)
            assert len(re.findall(r"[.;]\s+[A-Z]", item.en)) <= 1, (reason.id, item.en)


def test_english_uses_us_spelling(reasons):
    for reason in reasons:
        for text in english_texts(reason):
            assert not BRITISH.search(text), (reason.id, text)


def test_no_phrases_reviewers_reject(reasons):
    for reason in reasons:
        for item in suggestions(reason):
            assert not REJECTED.search(item.en), (reason.id, item.en)


def test_causes_and_actions_are_not_promises(reasons):
    for reason in reasons:
        for item in (*reason.root_causes, *reason.corrective_actions):
            assert not PROMISE.search(item.en), (reason.id, item.en)


def test_corrective_actions_are_written_as_done(reasons):
    for reason in reasons:
        for item in reason.corrective_actions:
            match = re.match(r"We (\w+) ", item.en)
            assert match, (reason.id, item.en)
            verb = match.group(1)
            assert verb.endswith("ed") or verb in IRREGULAR_PAST, (reason.id, item.en)


def test_preventive_measures_are_in_place_with_owner_and_frequency(reasons):
    for reason in reasons:
        for item in reason.preventive_measures:
            assert item.owner.strip() and item.frequency.strip(), (reason.id, item.en)
            assert item.owner[0].isupper(), (reason.id, item.owner)
            # The sentence names who does it, and describes a process now in place.
            assert item.owner.casefold() in item.en.casefold(), (reason.id, item.owner, item.en)
            assert not re.search(r"\bwill\b", item.en, re.IGNORECASE), (reason.id, item.en)


def test_summary_completes_the_sentence(reasons):
    for reason in reasons:
        assert reason.summary[0].islower(), reason.id
        assert not reason.summary.endswith((".", "!", "?")), reason.id


# ---------------------------------------------------------------- facts


@pytest.mark.parametrize("reason_id", PERFORMANCE)
def test_metric_targets_match_domain(catalog, reason_id):
    metric = catalog[reason_id].metric
    assert (metric.target_percent, metric.direction, metric.window_days) == TARGETS[reason_id]


def test_late_shipment_description_mentions_both_windows(catalog):
    description = catalog["late_shipment_rate"].description
    assert "10" in description.en and "30" in description.en
    assert "10" in description.zh and "30" in description.zh


def test_defects_count_failures_for_both_directions(catalog):
    # For "above" metrics the program computes 100 - failures / total, so the label must name failures.
    assert "without" in catalog["valid_tracking_rate"].metric.defects_label.en
    assert "late" in catalog["on_time_delivery_rate"].metric.defects_label.en
    for reason_id in PERFORMANCE:
        metric = catalog[reason_id].metric
        assert metric.defects_label.en != metric.orders_label.en, reason_id
        assert metric.defects_label.zh != metric.orders_label.zh, reason_id


def test_every_source_is_dated(reasons):
    for reason in reasons:
        assert reason.sources, reason.id
        for source in reason.sources:
            assert isinstance(source.checked, dt.date), (reason.id, source)
            assert dt.date(2026, 1, 1) <= source.checked <= dt.date.today(), (reason.id, source)
            assert source.title.strip() and source.reference.strip(), (reason.id, source)


def test_performance_sources_cite_the_help_pages(catalog):
    pages = {
        "order_defect_rate": "200285170",
        "cancellation_rate": "200285210",
        "late_shipment_rate": "202152050",
        "valid_tracking_rate": "201817070",
        "on_time_delivery_rate": "200847280",
        "return_dissatisfaction_rate": "201887610",
    }
    for reason_id, page in pages.items():
        assert any(page in s.reference for s in catalog[reason_id].sources), reason_id


def test_response_windows(catalog):
    for reason_id in PERFORMANCE:
        assert catalog[reason_id].response is None, reason_id
    for reason_id in POLICY:
        response = catalog[reason_id].response
        assert response is not None, reason_id
        assert response.days == (3 if reason_id == "restricted_product" else 17), reason_id
        assert response.business_days is False, reason_id
        assert "confirm" in response.note.casefold(), reason_id
    assert "72 hours" in catalog["restricted_product"].response.note
    # The later reasons give a window only where a source states one (the INFORM Consumers Act's 10 days).
    windows = {reason_id: catalog[reason_id].response for reason_id in LATER_POLICY}
    assert windows.pop("identity_verification").days == 10
    assert set(windows.values()) == {None}


def test_evidence_kinds_and_invoice_age(reasons, catalog):
    for reason in reasons:
        for item in reason.evidence:
            assert item.kind in EVIDENCE_KINDS, (reason.id, item.kind)
            if item.kind == "supplier_invoice":
                assert item.max_age_days == 365, reason.id
            else:
                assert item.max_age_days is None, (reason.id, item.en)
    kinds = {reason_id: {item.kind for item in catalog[reason_id].evidence} for reason_id in catalog.ids()}
    assert {"supplier_invoice", "letter_of_authorization"} <= kinds["inauthentic"]
    assert "test_report" in kinds["product_safety"]
    for reason_id in ("ip_trademark", "ip_copyright", "ip_patent"):
        assert {"letter_of_authorization", "retraction"} <= kinds[reason_id], reason_id
        retraction = next(e for e in catalog[reason_id].evidence if e.kind == "retraction")
        assert "directly to Amazon" in retraction.en, reason_id


def test_domain_specific_remedies_are_offered(catalog):
    def text(reason_id: str) -> str:
        return " ".join(item.en for item in suggestions(catalog[reason_id]))

    assert "Request a Review" in text("review_manipulation")
    assert "Vine" in text("review_manipulation")
    for register in ("USPTO", "EUIPO", "WIPO"):
        assert register in text("ip_trademark"), register
    assert "out-of-stock" in text("restricted_product") or "zero quantity" in text("restricted_product")
    assert "maximum" in text("pricing")
    for link in ("bank", "computer", "IP address"):
        assert link in text("related_accounts"), link
    assert "pro-forma" in text("inauthentic")
    assert "90 days" in text("identity_verification") and "notarized translation" in text("identity_verification")
    assert "seller of record" in text("dropshipping")
    assert "browse node" in text("listing_abuse") and "variation" in text("listing_abuse")
    assert "carrier" in text("shipment_confirmation")
    assert "Seller Performance" in text("unspecified")


def test_altered_documents_never_helps_make_or_defend_one(catalog):
    reason = catalog["altered_documents"]
    caution = reason.caution
    assert caution is not None
    assert "Professional help" in caution.en and "advisable" in caution.en
    assert "Never send an edited document" in caution.en
    assert "original" in caution.en and "supplier confirm" in caution.en
    assert "专业帮助" in caution.zh
    assert "does not help make or defend" in reason.description.en
    suggestions_text = " ".join(item.en for item in suggestions(reason)).casefold()
    for wrong in ("recreate", "reissue the document ourselves", "edit the invoice", "not altered", "genuine as sent"):
        assert wrong not in suggestions_text
    assert [r.id for r in catalog.reasons.values() if r.caution is not None] == ["altered_documents"]


# ---------------------------------------------------------------- validation of damaged copies


def raw_entries() -> list[dict]:
    return yaml.safe_load((DATA_DIR / "reasons.yaml").read_text(encoding="utf-8"))


def write_copy(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "reasons.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_unchanged_copy_loads(tmp_path):
    path = write_copy(tmp_path, raw_entries())
    assert load_catalog(path).ids() == PERFORMANCE + POLICY + LATER_POLICY


def _policy_with_metric(entries):
    entries[POLICY.index("pricing") + len(PERFORMANCE)]["metric"] = entries[0]["metric"]


def _performance_without_metric(entries):
    del entries[0]["metric"]


def _four_root_causes(entries):
    entries[1]["root_causes"] = entries[1]["root_causes"][:4]


def _measure_without_owner(entries):
    del entries[2]["preventive_measures"][0]["owner"]


def _extra_key(entries):
    entries[3]["notes"] = "not a field"


def _unknown_evidence_kind(entries):
    entries[6]["evidence"][0]["kind"] = "receipt"


def _no_sources(entries):
    entries[7]["sources"] = []


@pytest.mark.parametrize(
    "damage",
    [
        _policy_with_metric,
        _performance_without_metric,
        _four_root_causes,
        _measure_without_owner,
        _extra_key,
        _unknown_evidence_kind,
        _no_sources,
    ],
)
def test_a_damaged_copy_fails_with_an_error_naming_the_file(tmp_path, damage):
    entries = raw_entries()
    damage(entries)
    path = write_copy(tmp_path, entries)
    with pytest.raises(PoaError) as error:
        load_catalog(path)
    assert str(path) in str(error.value)


def test_a_duplicate_id_is_refused(tmp_path):
    entries = raw_entries()
    entries.append(entries[0])
    path = write_copy(tmp_path, entries)
    message = "reasons.yaml: reason 'order_defect_rate' is listed twice"
    with pytest.raises(PoaError, match=re.escape(message)):
        load_catalog(path)


def _link_to_a_missing_cause(entries):
    entries[0]["corrective_actions"][0]["causes"] = [99]


def test_a_link_to_a_missing_root_cause_is_refused(tmp_path):
    entries = raw_entries()
    _link_to_a_missing_cause(entries)
    path = write_copy(tmp_path, entries)
    with pytest.raises(PoaError, match=r"corrective_actions\[0\]\.causes: root cause 99 does not exist"):
        load_catalog(path)


def test_a_reason_without_the_optional_fields_loads_with_fallbacks(tmp_path):
    """A reason added without a document label, count noun or links still loads (and renders as label.en)."""
    entries = raw_entries()
    entry = entries[PERFORMANCE.index("order_defect_rate")]
    policy = entries[len(PERFORMANCE) + POLICY.index("inauthentic")]
    for item in (entry, policy):
        item.pop("document_label", None)
        item.pop("count_noun", None)
        for part in ("corrective_actions", "preventive_measures"):
            for suggestion in item[part]:
                suggestion.pop("causes", None)
    catalog = load_catalog(write_copy(tmp_path, entries))
    assert catalog["inauthentic"].plan_label == catalog["inauthentic"].label.en
    assert catalog["inauthentic"].noun_for(2) == "complaints"
    assert catalog["order_defect_rate"].noun_for(1) == "order"
    assert catalog["order_defect_rate"].corrective_actions[0].causes == ()


# ---------------------------------------------------------------- the chain and the plan's words


def test_every_suggested_root_cause_has_a_suggested_action_and_measure(reasons):
    """Ticking a reason's suggestions gives a complete chain: no root cause left without fix or prevention."""
    for reason in reasons:
        numbers = set(range(1, len(reason.root_causes) + 1))
        fixed = {n for item in reason.corrective_actions for n in item.causes}
        kept = {n for item in reason.preventive_measures for n in item.causes}
        assert numbers <= fixed, (reason.id, sorted(numbers - fixed))
        assert numbers <= kept, (reason.id, sorted(numbers - kept))
        for item in (*reason.corrective_actions, *reason.preventive_measures):
            assert item.causes, (reason.id, item.en)


def test_document_labels_are_neutral(reasons):
    """The plan never calls the seller's goods counterfeit or its orders fake."""
    for reason in reasons:
        for text in (reason.plan_label, reason.summary):
            assert not re.search(r"counterfeit|fake|manipulat|infring|breach", text, re.IGNORECASE), (reason.id, text)
    labels = {reason.id: reason.plan_label for reason in reasons}
    assert labels["inauthentic"] == "Product authenticity complaints"
    assert labels["order_defect_rate"] == "Order Defect Rate"


def test_english_varieties_and_marketplaces():
    from poa.case.catalog import english_of, load_english, load_marketplaces

    varieties = load_english()
    assert set(varieties) == {"en-US", "en-GB"}
    for domain, market in load_marketplaces().items():
        assert market.english in varieties, domain
    assert english_of("amazon.com").id == english_of("amazon.ca").id == "en-US"
    for domain in ("amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.ie"):
        assert english_of(domain).id == "en-GB", domain
    gb = varieties["en-GB"]
    assert gb.sign_off == "Kind regards," and varieties["en-US"].sign_off == "Sincerely,"
    assert gb.localise("Late Shipment Rate") == "Late Dispatch Rate"
    assert gb.localise("Pre-fulfillment Cancel Rate") == "Pre-fulfilment Cancel Rate"
    assert gb.localise("We canceled orders. Authorized distributors; AUTHORIZED.") == (
        "We cancelled orders. Authorised distributors; AUTHORISED."
    )
    assert varieties["en-US"].localise("We canceled orders.") == "We canceled orders."


def test_every_owner_and_frequency_of_the_catalogue_has_a_chinese_label(reasons):
    from poa.case.catalog import measure_label

    for reason in reasons:
        for measure in reason.preventive_measures:
            assert measure_label("owners", measure.owner, "zh") != measure.owner, (reason.id, measure.owner)
            frequency = measure.frequency
            assert measure_label("frequencies", frequency, "zh") != frequency, (reason.id, frequency)
            assert measure_label("owners", measure.owner, "en") == measure.owner
