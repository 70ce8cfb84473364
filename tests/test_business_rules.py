"""The business fields of the customer-management rules, function by function, and all of them on
records resolved by the real pipeline."""

import datetime as dt

import pandas as pd
import pytest

from pipelines.business.complaints import complaints_by_customer, load_complaint_log, mentions_complaint
from pipelines.business.contact_events import contact_events, last_contacts
from pipelines.business.follow_up import DEFAULT_FOLLOW_UP_DAYS, follow_up_overdue, next_follow_up_due
from pipelines.business.lifecycle import lifecycle_stages
from pipelines.business.rules import apply_business_rules, load_business_rules
from pipelines.business.staff_roster import load_staff_roster, owner_has_left
from pipelines.company_files import CompanyFileError
from pipelines.quarantine import quarantine_reasons
from pipelines.registry import RegistryError
from pipelines.resolve import linked_records, resolve_customers
from pipelines.standardise.records import standardise_records
from tests.builders import staged

RUN_DATE = dt.date(2026, 11, 1)
SOURCE = {"name": "sales", "department": "sales", "kind": "spreadsheet", "location": "sales.xlsx"}
ROSTER = "name,email,status,left_on\n李娜,li.na@hengtai-machinery.com,active,\n钱明,qian.ming@hengtai-machinery.com,left,2024-06-30\n"


# -- lifecycle stage -------------------------------------------------------------------------


def stage_records(*records: tuple[str | None, str | None, int]) -> pd.DataFrame:
    """(status, last contact date, trust) per record, all of one customer."""
    return pd.DataFrame(
        [
            {
                "customer_id": "CUST-0000001",
                "status": status,
                "last_contact_date_std": contacted,
                "trust": trust,
                "record_key": f"source{n}:{n}",
                "source": f"source{n}",
            }
            for n, (status, contacted, trust) in enumerate(records, 1)
        ]
    )


@pytest.mark.parametrize(
    ("records", "stage", "record_key"),
    [
        pytest.param([("potential", "2026-01-05", 1)], "potential", "source1:1", id="one-record"),
        pytest.param(
            [("closed", "2026-05-01", 3), ("churned", "2025-01-01", 2)],
            "churned",
            "source2:2",
            id="after-sales-over-newer-sales",
        ),
        pytest.param(
            [("loyal", "2025-03-01", 1), ("potential", "2026-10-01", 3)],
            "loyal",
            "source1:1",
            id="loyal-customer-offered-more",
        ),
        pytest.param(
            [("potential", "2025-02-01", 3), ("lost", "2026-02-01", 1)],
            "lost",
            "source2:2",
            id="newest-sales-stage",
        ),
        pytest.param(
            [("churned", "2025-06-01", 2), ("retained", "2026-06-01", 2)],
            "retained",
            "source2:2",
            id="churned-worked-back",
        ),
        pytest.param(
            [("closed", None, 3), ("potential", "2024-01-01", 1)],
            "potential",
            "source2:2",
            id="dated-over-undated",
        ),
        pytest.param(
            [("lost", "2026-01-01", 1), ("closed", "2026-01-01", 3)],
            "closed",
            "source2:2",
            id="same-day-trust",
        ),
        pytest.param(
            [("VIP客户", "2026-09-01", 3), ("potential", "2025-01-01", 1)],
            "potential",
            "source2:2",
            id="unmapped-code-ignored",
        ),
    ],
)
def test_lifecycle_stage_combines_the_records_statuses(records, stage, record_key):
    chosen = lifecycle_stages(stage_records(*records))

    assert chosen[["lifecycle_stage", "record_key"]].values.tolist() == [[stage, record_key]]


def test_a_customer_without_a_known_status_has_no_stage():
    assert lifecycle_stages(stage_records(("VIP客户", "2026-09-01", 3), (None, None, 1))).empty


# -- follow-up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_contact", "grade", "due", "overdue"),
    [
        ("2026-10-20", "A", "2026-10-27", True),
        ("2026-10-20", "B", "2026-11-03", False),
        ("2026-10-02", "C", "2026-11-01", False),  # due on the run's date: not yet overdue
        ("2026-10-01", " c", "2026-10-31", True),
        (None, "A", None, None),
        ("2026-10-20", None, None, None),
        ("2026-10-20", "D", None, None),  # a grade without an interval
    ],
)
def test_follow_up_is_due_the_grades_interval_after_the_last_contact(last_contact, grade, due, overdue):
    due_dates = next_follow_up_due(
        pd.Series([last_contact], dtype=object), pd.Series([grade], dtype=object), DEFAULT_FOLLOW_UP_DAYS
    )
    late = follow_up_overdue(due_dates, RUN_DATE)

    assert (None if pd.isna(due_dates[0]) else due_dates[0].date().isoformat()) == due
    assert (None if pd.isna(late[0]) else bool(late[0])) == overdue


def test_follow_up_intervals_come_from_the_registry(write_registry):
    registry = write_registry(SOURCE, follow_up_days={"a": 3, "B": 10})

    assert registry.follow_up_days == {"A": 3, "B": 10}
    due = next_follow_up_due(
        pd.Series(["2026-10-20", "2026-10-20"]), pd.Series(["A", "C"]), registry.follow_up_days
    )
    assert due[0] == pd.Timestamp("2026-10-23") and pd.isna(due[1])


def test_follow_up_intervals_default_to_a_week_a_fortnight_and_a_month(write_registry):
    assert write_registry(SOURCE).follow_up_days == {"A": 7, "B": 14, "C": 30}


@pytest.mark.parametrize("days", [{"A": "a week"}, {"A": -1}, {"A": True}, {}, [7, 14]])
def test_follow_up_intervals_must_be_whole_days(write_registry, days):
    with pytest.raises(RegistryError, match="follow_up_days"):
        write_registry(SOURCE, follow_up_days=days)


# -- owner has left --------------------------------------------------------------------------


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return load_staff_roster(path)


@pytest.mark.parametrize(
    ("owner", "has_left"),
    [
        ("钱明", True),
        ("錢明", True),  # traditional characters
        ("Qian.Ming@hengtai-machinery.com", True),
        ("李娜", False),
        ("张三", None),  # not on the roster
        (None, None),
    ],
)
def test_owner_has_left_by_the_staff_roster(roster, owner, has_left):
    flag = owner_has_left(pd.Series([owner], dtype=object), roster)[0]

    assert (None if pd.isna(flag) else bool(flag)) == has_left


def test_without_a_roster_nobody_can_say_whether_an_owner_left():
    assert owner_has_left(pd.Series(["钱明", "李娜"]), None).isna().all()


def test_a_name_shared_by_a_former_and_a_current_employee_counts_as_present(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("name,status\n王伟,left\n王伟,active\n", encoding="utf-8")

    assert not owner_has_left(pd.Series(["王伟"]), load_staff_roster(path))[0]


def test_a_gbk_roster_with_chinese_statuses_is_read(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes("name,status\n钱明,离职\n李娜,在职\n".encode("gbk"))

    assert load_staff_roster(path)["has_left"].tolist() == [True, False]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("name,status\n李娜,active\n钱明,retired\n", "line 3: needs a name and a status"),
        ("name,email\n李娜,x@y.com\n", "lacks the columns status"),
    ],
)
def test_an_unusable_roster_is_refused_with_the_line(tmp_path, content, problem):
    path = tmp_path / "staff.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CompanyFileError, match=problem):
        load_staff_roster(path)


# -- complaints and contact events -----------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "is_complaint"),
    [
        ("投诉：维修后仍漏油", True),
        ("回复：關於投訴的處理", True),
        ("RE: Complaint about the delivery", True),
        ("客诉跟进", True),
        ("订单确认", False),
        ("Quotation request", False),
        (None, False),
    ],
)
def test_a_subject_that_says_complaint_makes_a_complaint(subject, is_complaint):
    assert mentions_complaint(pd.Series([subject], dtype=object)).tolist() == [is_complaint]


def complaint_events(*complaints: tuple[str, str, bool]) -> pd.DataFrame:
    """(customer, department, is a complaint) per contact event."""
    return pd.DataFrame(complaints, columns=["customer_id", "department", "complaint"])


@pytest.mark.parametrize(
    ("events", "departments", "repeat"),
    [
        pytest.param(
            [("C1", "sales", True), ("C1", "after_sales", True)],
            ["after_sales", "sales"],
            True,
            id="two-departments",
        ),
        pytest.param(
            [("C1", "sales", True), ("C1", "sales", True)], ["sales"], False, id="twice-to-one-department"
        ),
        pytest.param(
            [("C1", "sales", True), ("C1", "after_sales", False)],
            ["sales"],
            False,
            id="other-contact-no-complaint",
        ),
        pytest.param(
            [("C1", "sales", True), ("C2", "after_sales", True)],
            ["sales"],
            False,
            id="another-customers-complaint",
        ),
        pytest.param(
            [("C1", "sales", True), ("C1", "marketing", True), ("C1", "customer_service", True)],
            ["customer_service", "marketing", "sales"],
            True,
            id="three-departments",
        ),
    ],
)
def test_complaints_to_several_departments_are_a_repeat_complaint(events, departments, repeat):
    complaints = complaints_by_customer(complaint_events(*events)).set_index("customer_id")

    assert complaints.loc["C1", "complaint_departments"] == departments
    assert complaints.loc["C1", "repeat_complaint"] == repeat


def test_the_complaint_log_reads_dates_as_departments_write_them(tmp_path):
    path = tmp_path / "complaints.csv"
    path.write_text(
        "record_key,complained_on,reason\nsales:Sheet!2,2026/10/3,报价不符\nservice:line 2,2026年10月5日,\n",
        encoding="utf-8",
    )

    log = load_complaint_log(path)

    assert log["complained_on"].tolist() == ["2026-10-03", "2026-10-05"]
    assert log["source_locator"].tolist() == ["line 2", "line 3"]
    assert log["channel"].isna().all() and log["reason"].tolist() == ["报价不符", None]


def test_a_complaint_without_a_readable_date_is_refused_with_its_line(tmp_path):
    path = tmp_path / "complaints.csv"
    path.write_text(
        "record_key,complained_on\nsales:Sheet!2,2026-10-03\nsales:Sheet!3,last week\n", encoding="utf-8"
    )

    with pytest.raises(CompanyFileError, match="line 3: needs a record_key and a date"):
        load_complaint_log(path)


def linked_record(record_key: str, customer_id: str, department: str, **fields) -> dict:
    empty = dict.fromkeys(
        [
            "last_contact_date_std",
            "contact_channel",
            "contact_direction",
            "contact_subject",
            "name_std",
            "email_std",
        ]
    )
    source, locator = record_key.split(":")
    return (
        empty
        | {
            "record_key": record_key,
            "customer_id": customer_id,
            "department": department,
            "source": source,
            "source_locator": locator,
        }
        | fields
    )


def test_contact_events_come_from_records_that_say_when_how_or_what_and_from_the_complaint_log(tmp_path):
    linked = pd.DataFrame(
        [
            linked_record(
                "mailbox:m1",
                "C1",
                "customer_service",
                last_contact_date_std="2026-10-01",
                contact_channel="email",
                contact_direction="in",
                contact_subject="投诉：配件未到",
                name_std="王芳",
                email_std="wf@163.com",
            ),
            linked_record(
                "sales:Sheet!2", "C1", "sales", last_contact_date_std="2026-09-01", name_std="王芳"
            ),
            linked_record("sales:Sheet!3", "C2", "sales", name_std="李强"),  # says nothing of a contact
        ]
    )
    path = tmp_path / "complaints.csv"
    path.write_text(
        "record_key,complained_on,channel,reason\nsales:Sheet!2,2026-10-02,phone,报价不符\nsales:gone,2026-10-02,phone,?\n",
        encoding="utf-8",
    )

    events = contact_events(linked, load_complaint_log(path))

    assert events[
        [
            "customer_id",
            "contacted_on",
            "channel",
            "direction",
            "complaint",
            "department",
            "source",
            "record_key",
        ]
    ].values.tolist() == [
        ["C1", "2026-09-01", "unknown", None, False, "sales", "sales", "sales:Sheet!2"],
        ["C1", "2026-10-01", "email", "in", True, "customer_service", "mailbox", "mailbox:m1"],
        ["C1", "2026-10-02", "phone", "in", True, "sales", "complaint_log", "sales:Sheet!2"],
    ]
    assert complaints_by_customer(events)["complaint_departments"].tolist() == [["customer_service", "sales"]]


def test_the_last_contact_is_the_newest_preferring_a_known_channel_on_the_same_day():
    events = pd.DataFrame(
        [
            ("C1", "2026-10-01", "unknown", "a", "1"),
            ("C1", "2026-10-01", "phone", "b", "1"),
            ("C1", "2026-09-01", "email", "c", "1"),
            ("C2", None, "email", "d", "1"),
        ],
        columns=["customer_id", "contacted_on", "channel", "source", "source_locator"],
    )

    assert last_contacts(events).values.tolist() == [["C1", "2026-10-01", "phone"]]


# -- all together, on records the pipeline resolved ------------------------------------------


def test_business_fields_on_resolved_records(tmp_path, write_registry):
    (tmp_path / "staff.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "complaints.csv").write_text(
        "record_key,complained_on,channel,reason\ntest:1,2026-10-20,phone,报价不符\ntest:2,2026-10-25,visit,维修后仍漏油\n",
        encoding="utf-8",
    )
    registry = write_registry(
        SOURCE, staff_roster="staff.csv", complaint_log="complaints.csv", follow_up_days={"A": 7}
    )
    records = standardise_records(
        staged(
            {
                "person_name": "张伟",
                "phone": "13800138000",
                "status": "closed",
                "intent_grade": "A",
                "owner": "钱明",
                "last_contact_date": "2026-10-01",
            },
            {
                "person_name": "張偉",
                "phone": "+86 138 0013 8000",
                "status": "retained",
                "last_contact_date": "2026-10-10",
                "department": "after_sales",
            },
            {
                "person_name": "李强",
                "phone": "13911112222",
                "status": "potential",
                "intent_grade": "A",
                "owner": "李娜",
                "last_contact_date": "2026-10-30",
            },
        )
    )
    records["quarantine_reason"] = quarantine_reasons(records)
    resolution = resolve_customers(records)

    business = apply_business_rules(
        resolution.customers,
        linked_records(records, resolution.customer_sources),
        load_business_rules(registry),
        RUN_DATE,
    )

    customers = business.customers.set_index("display_name")
    assert customers.loc[
        "张伟", ["lifecycle_stage", "owner_has_left", "repeat_complaint", "follow_up_overdue"]
    ].tolist() == ["retained", True, True, False]
    assert customers.loc["张伟", "complaint_departments"] == ["after_sales", "sales"]
    # The newest contact is the complaint at the after-sales counter, a week before the run.
    assert customers.loc["张伟", ["last_contact_date", "last_contact_channel"]].tolist() == [
        "2026-10-25",
        "visit",
    ]
    assert customers.loc[
        "李强", ["lifecycle_stage", "owner_has_left", "repeat_complaint", "follow_up_overdue"]
    ].tolist() == ["potential", False, False, False]
    assert customers.loc["李强", "next_follow_up_due"] == pd.Timestamp("2026-11-06")
    assert business.provenance.set_index("record_key")["value"].to_dict() == {
        "test:2": "retained",
        "test:3": "potential",
    }


def test_a_roster_or_log_named_but_missing_is_reported_not_fatal(tmp_path, write_registry):
    registry = write_registry(SOURCE, staff_roster="staff.csv", complaint_log="complaints.csv")

    rules = load_business_rules(registry)

    assert rules.staff_roster is None and rules.complaint_log.empty
    assert rules.missing_files == (tmp_path / "staff.csv", tmp_path / "complaints.csv")
