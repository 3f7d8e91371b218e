"""`make lighthouse`'s verdict (bench/lighthouse.py): a score below its target, or missing, fails it.

Only the pure part: the measurement itself takes minutes and needs npm's Lighthouse and chromium.
"""

from bench.lighthouse import TARGETS, Page, Scored, misses, read_report

HOME = Page("home", "home", "/")


def scored(**scores: int) -> Scored:
    return Scored(
        HOME, {"performance": 80, "accessibility": 95, "best-practices": 90, "seo": 90} | scores, {}, []
    )


def test_scores_at_their_targets_pass() -> None:
    assert misses([scored()]) == []


def test_a_score_below_its_target_is_named() -> None:
    assert misses([scored(accessibility=94), scored(seo=100)]) == ["home (/): accessibility 94 < 95"]


def test_a_category_not_measured_is_a_miss_not_a_pass() -> None:
    result = Scored(HOME, {"performance": 99}, {}, [])

    assert len(misses([result])) == len(TARGETS) - 1


def test_a_report_gives_rounded_scores_and_the_audits_that_lost_points() -> None:
    report = {
        "categories": {
            "seo": {
                "score": 0.915,
                "auditRefs": [{"id": "hreflang", "weight": 1}, {"id": "fine", "weight": 1}],
            },
            "performance": {"score": None, "auditRefs": []},  # Lighthouse could not score it
        },
        "audits": {
            "hreflang": {"title": "Document doesn't have a valid `hreflang`", "score": 0},
            "fine": {"title": "Page has a description", "score": 1},
        },
    }

    result = read_report(HOME, report)

    assert result.scores == {"seo": 92}
    assert result.failing == {"seo": ["Document doesn't have a valid `hreflang` (0.00)"]}
    assert misses([result])[0] == "home (/): performance not measured"
