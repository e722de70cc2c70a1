"""The ``lif`` plugin's options in ``mkdocs.yml``, validated by MkDocs' own config system.

Defaults follow the statutory guidance (12 months' minimum listing, a week's notice to the
Panel); anything marked unconfirmed in the domain notes is an option rather than a constant.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

THEMES: dict[str, str] = {
    # harm
    "neglect": "Neglect",
    "physical-abuse": "Physical abuse",
    "emotional-abuse": "Emotional abuse",
    "sexual-abuse-in-the-family": "Sexual abuse in the family",
    "child-sexual-exploitation": "Child sexual exploitation",
    "criminal-exploitation": "Criminal exploitation and county lines",
    "online-harm": "Online harm",
    "extra-familial-harm": "Extra-familial harm and serious youth violence",
    "safer-sleep": "Sudden unexpected death in infancy and safer sleep",
    "non-accidental-injury-in-babies": "Non-accidental injury in babies",
    "fabricated-or-induced-illness": "Fabricated or induced illness",
    "suicide-and-self-harm": "Suicide and self-harm",
    "fgm-and-honour-based-abuse": "Female genital mutilation and honour-based abuse",
    # context
    "domestic-abuse": "Domestic abuse",
    "parental-mental-health": "Parental mental health",
    "parental-substance-misuse": "Parental substance misuse",
    "parental-learning-disability": "Parental learning disability",
    "hidden-men": "Hidden men and fathers",
    "poverty": "Poverty",
    "housing": "Housing",
    "children-not-in-school": "Children not in school and elective home education",
    "children-in-care": "Children in care and care leavers",
    "disabled-children": "Disabled children",
    "race-ethnicity-culture": "Race, ethnicity and culture",
    # practice
    "voice-of-the-child": "Voice of the child",
    "professional-curiosity": "Professional curiosity",
    "information-sharing": "Information sharing",
    "multi-agency-working": "Multi-agency working",
    "risk-assessment": "Risk assessment",
    "escalation-and-challenge": "Escalation and challenge",
    "disguised-compliance": "Disguised compliance",
    "thresholds": "Thresholds",
    "transitions": "Transitions",
    "supervision": "Supervision",
    "record-keeping": "Record-keeping",
}
"""The starting vocabulary from the domain notes; a site adds its own with ``extra_themes``."""


PANEL_COPY_RECIPIENTS = (
    "Child Safeguarding Practice Review Panel",
    "Secretary of State for Education (Department for Education)",
    "Ofsted",
)
"""Who receives the panel copy unless ``panel_copy_recipients`` says otherwise."""


class SiteAllowance(base.Config):
    """A site-wide allowance: a published helpline, a public figure, the partnership's address."""

    rule = c.Type(str)
    text = c.Type(str)
    reason = c.Type(str)


class SafeguardingContact(base.Config):
    """One way to report a worry about a child, shown in the "Worried about a child?" panel on
    the home page and in every page's footer. Its phone number and address are public text like
    any other: the site's ``allow`` list must name them, or the redaction checks stop the build."""

    label = c.Type(str)
    phone = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))
    note = c.Type(str, default="")


FOOTER_LINKS = {
    "Accessibility": "accessibility.md",
    "Privacy": "privacy.md",
    "Request a report": "request-a-report.md",
}
"""The footer's links (label: content page) unless ``footer_links`` says otherwise."""


class LifConfig(base.Config):
    """Options of the ``lif`` plugin (``plugins: [lif: {...}]`` in mkdocs.yml)."""

    partnership = c.Type(str, default="")
    reviews_dir = c.Type(str, default="reviews")
    briefings_dir = c.Type(str, default="briefings")
    ledger = c.Type(str, default="ledger.yml")
    today = c.Optional(c.Type(str))
    extra_themes = c.Type(dict, default={})
    min_listing_months = c.Type(int, default=12)
    notice_days = c.Type(int, default=7)
    notice_working_days = c.Type(bool, default=False)
    list_withheld = c.Type(bool, default=True)
    request_contact = c.Type(str, default="")
    allow = c.ListOfItems(c.SubConfig(SiteAllowance), default=[])
    preview = c.Type(bool, default=False)
    panel_copy_recipients = c.Type(list, default=list(PANEL_COPY_RECIPIENTS))
    action_stale_months = c.Type(int, default=6)
    """An action not confirmed ('updated:') for longer than this is ACTION-STALE."""
    pdf = c.Type(bool, default=True)
    """Make the PDFs of reports and briefings (off: HTML only, e.g. for a quick local build)."""
    search = c.Type(bool, default=True)
    """Index the built pages with Pagefind and generate the search page (off: for benchmarks
    against plain MkDocs without search, and quick local builds)."""
    previous_ledger = c.Optional(c.Type(str))
    """The last deployment's ledger.json (path or URL); set by ``--previous``."""
    logo = c.Optional(c.Type(str))
    """The partnership's logo (an image under docs_dir) shown in the header beside its name."""
    safeguarding_contacts = c.ListOfItems(c.SubConfig(SafeguardingContact), default=[])
    """Who to call when worried about a child: the home page's and the footer's panel."""
    footer_links = c.Type(dict, default=dict(FOOTER_LINKS))
    """Links in every page's footer, label: content page (e.g. the staff guide)."""
    report_year_start = c.Choice(list(range(1, 13)), default=4)
    """The month (1-12) a reporting year starts in: with 4 (April, the financial year most
    partnerships report on) the yearly learning report for 2026 covers 1 April 2026 to
    31 March 2027; with 1 it covers the calendar year."""


def theme_vocabulary(options: LifConfig) -> dict[str, str]:
    return {**THEMES, **{str(k): str(v) for k, v in options.extra_themes.items()}}
