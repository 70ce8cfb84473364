"""The contact history: every linked record that says when, how or about what a customer was in
contact (a mail, a sales sheet's last contact date, an after-sales ticket), and every complaint of
the complaint log, each linked to its customer through the record it belongs to."""

from __future__ import annotations

import pandas as pd

from pipelines.business.complaints import COMPLAINT_LOG, mentions_complaint
from pipelines.frames import missing_as_none

CONTACT_EVENT_COLUMNS = [
    "customer_id",
    "contacted_on",
    "channel",
    "direction",
    "subject",
    "counterpart_name",
    "counterpart_email",
    "complaint",
    "department",
    "source",
    "source_locator",
    "record_key",
]
UNKNOWN_CHANNEL = "unknown"
_CONTACT_FIELDS = ["last_contact_date_std", "contact_channel", "contact_direction", "contact_subject"]


def contact_events(linked: pd.DataFrame, complaint_log: pd.DataFrame) -> pd.DataFrame:
    """`linked`: standardised records with their `customer_id`; `complaint_log`: as
    complaints.load_complaint_log reads it. A logged complaint against a record that is not linked
    tonight (gone from its source, or quarantined) waits in the log."""
    said = linked[linked[_CONTACT_FIELDS].notna().any(axis=1)]
    from_records = pd.DataFrame(
        {
            "customer_id": said["customer_id"],
            "contacted_on": said["last_contact_date_std"],
            "channel": said["contact_channel"].fillna(UNKNOWN_CHANNEL),
            "direction": said["contact_direction"],
            "subject": said["contact_subject"],
            "counterpart_name": said["name_std"],
            "counterpart_email": said["email_std"],
            "complaint": mentions_complaint(said["contact_subject"]),
            "department": said["department"],
            "source": said["source"],
            "source_locator": said["source_locator"],
            "record_key": said["record_key"],
        }
    )
    logged = complaint_log.merge(linked[["record_key", "customer_id", "department"]], on="record_key")
    # The log names the record complained about, not the person who complained.
    from_log = logged.assign(
        contacted_on=logged["complained_on"],
        channel=logged["channel"].fillna(UNKNOWN_CHANNEL),
        direction="in",
        subject=logged["reason"],
        counterpart_name=None,
        counterpart_email=None,
        complaint=True,
        source=COMPLAINT_LOG,
    )
    events = missing_as_none(
        pd.concat([from_records, from_log.reindex(columns=CONTACT_EVENT_COLUMNS)], ignore_index=True)
    )
    events["complaint"] = events["complaint"].astype(bool)
    return events.sort_values(
        ["customer_id", "contacted_on", "source", "source_locator"], na_position="last"
    ).reset_index(drop=True)


def last_contacts(events: pd.DataFrame) -> pd.DataFrame:
    """Per customer, the date and channel of the newest dated contact; a known channel is preferred
    over an unknown one on the same day."""
    dated = events.dropna(subset=["contacted_on"])
    newest = dated.assign(channel_unknown=dated["channel"] == UNKNOWN_CHANNEL).sort_values(
        ["customer_id", "contacted_on", "channel_unknown", "source", "source_locator"],
        ascending=[True, False, True, True, True],
    )
    newest = newest.drop_duplicates("customer_id")
    return newest.rename(columns={"contacted_on": "last_contact_date", "channel": "last_contact_channel"})[
        ["customer_id", "last_contact_date", "last_contact_channel"]
    ].reset_index(drop=True)
