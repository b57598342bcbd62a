"""Discrepancies: two cited reports of a commitment that disagree, half of them resolved."""

from tracker import models as m

from .commitments import Plan
from .rows import Rows


class DiscrepancyRows(Rows):
    """A discrepancy for each disputed plan, once both of its reports are cited."""

    CHUNK_KINDS = {"discrepancies": (m.Discrepancy, "discrepancy")}

    def make_discrepancies(self, plans: list[Plan]) -> None:
        made, versions = [], []
        for plan in plans:
            aspect, right, wrong = plan.dispute
            question = "How much was promised" if aspect == "amount" else "When it was announced"
            resolved = self.rng.random() < 0.5
            discrepancy = m.Discrepancy(
                slug=self.slug("discrepancy"),
                subject=f"{question}: {plan.record.title}"[:300],
                aspect=aspect,
                status="resolved" if resolved else "open",
                resolution=f"The government's own statement gives {right}." if resolved else "",
            )
            made.append(discrepancy)
            first, second = (mention.citation for mention in plan.mentions)
            versions += [
                m.DiscrepancyVersion(
                    discrepancy=discrepancy,
                    citation=first,
                    stated_value=right,
                    is_accepted=resolved,
                ),
                m.DiscrepancyVersion(discrepancy=discrepancy, citation=second, stated_value=wrong),
            ]
        self.insert(m.Discrepancy, made)
        self.insert(m.DiscrepancyVersion, versions)
