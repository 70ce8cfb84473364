import base64
import binascii
import mailbox
import quopri

import pytest

from pipelines.ingest import load_source
from pipelines.readers import SourceError, read_source
from pipelines.readers.encodings import decode_text
from pipelines.staging import stage_source

STAFF_ADDRESS = "li.na@hengtai-machinery.com"


# -- building messages -----------------------------------------------------------------------


def encoded_word(text, label, codec, encoding="B"):
    data = text.encode(codec)
    payload = (
        base64.b64encode(data).decode() if encoding == "B" else binascii.b2a_qp(data, header=True).decode()
    )
    return f"=?{label}?{encoding}?{payload}?="


def mime_part(
    text, content_type="text/plain", charset="utf-8", transfer="base64", codec=None, extra_headers=""
):
    """A MIME entity: its headers, a blank line, its encoded body."""
    data = text.encode(codec or charset or "utf-8")
    payload = {"base64": base64.encodebytes, "quoted-printable": quopri.encodestring, "8bit": bytes}[
        transfer
    ](data)
    parameter = "" if charset is None else (f"; {charset}" if "=" in charset else f"; charset={charset}")
    headers = (
        f"Content-Type: {content_type}{parameter}\r\nContent-Transfer-Encoding: {transfer}\r\n{extra_headers}"
    )
    return headers.encode() + b"\r\n" + payload


def multipart(subtype, *parts, boundary):
    body = (
        b"".join(f"--{boundary}\r\n".encode() + part + b"\r\n" for part in parts)
        + f"--{boundary}--\r\n".encode()
    )
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode() + body


def raw_message(
    *headers, body=None, message_id="m1@163.com", sender="客户 <customer@163.com>", to=STAFF_ADDRESS
):
    """A message as a mailer writes it, CRLF line ends; `body` is a MIME entity (its headers join the message's)."""
    lines = [f"Message-ID: <{message_id}>"] if message_id else []
    lines += [f"From: {sender}"] if sender else []
    lines += [f"To: {to}", "Date: Tue, 05 Mar 2024 10:00:00 +0800", "MIME-Version: 1.0", *headers]
    head = b"\r\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\r\n"
    return head + (body if body is not None else mime_part("您好"))


def write_mailbox(tmp_path, container, messages):
    """The messages as an mbox file or a folder of .eml files; the registry location."""
    if container == "mbox":
        box = mailbox.mbox(tmp_path / "mail.mbox")
        for message in messages:
            box.add(message)
        box.flush()
        return "mail.mbox"
    (tmp_path / "export").mkdir()
    for number, message in enumerate(messages, 1):
        (tmp_path / "export" / f"{number:03d}.eml").write_bytes(message)
    return "export"


def mail_source(location):
    return {
        "name": "mail",
        "department": "service",
        "kind": "email",
        "location": location,
        "columns": {"counterpart_name": "person_name"},
    }


def read_messages(tmp_path, write_registry, messages, container="eml"):
    registry = write_registry(mail_source(write_mailbox(tmp_path, container, messages)))
    return read_source(registry.source("mail"), registry)


# -- email headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("container", ["mbox", "eml"])
@pytest.mark.parametrize(
    "name, subject, label, codec, encoding",
    [
        ("张伟", "询价：数控机床", "GBK", "gbk", "B"),
        # 镕 is not in GB2312; mailers label such text gb2312 all the same.
        ("王镕", "报价单", "gb2312", "gb18030", "Q"),
        ("刘䶮", "合同盖章版", "GB18030", "gb18030", "B"),
        ("張偉", "詢價：液壓機", "big5", "big5", "B"),
        ("José Müller", "Angebot für Drehmaschinen", "utf-8", "utf-8", "Q"),
    ],
)
def test_encoded_word_headers(tmp_path, write_registry, container, name, subject, label, codec, encoding):
    message = raw_message(
        f"Subject: {encoded_word(subject, label, codec, encoding)}",
        sender=f"{encoded_word(name, label, codec, encoding)} <customer@163.com>",
    )

    records = read_messages(tmp_path, write_registry, [message], container).records

    assert records.drop(columns=["signature_phone", "signature_company", "signature_title"]).to_dict(
        orient="records"
    ) == [
        {
            "source_locator": "m1@163.com",
            "message_id": "m1@163.com",
            "date": "2024-03-05",
            "direction": "in",
            "channel": "email",
            "counterpart_name": name,
            "counterpart_email": "customer@163.com",
            "subject": subject,
        }
    ]


def test_split_encoded_words_raw_8bit_and_folded_headers(tmp_path, write_registry):
    gbk = "张伟".encode("gbk")
    # Some mailers cut one character's bytes across two encoded words.
    split_name = " ".join(f"=?gbk?B?{base64.b64encode(part).decode()}?=" for part in (gbk[:3], gbk[3:]))
    split = raw_message(sender=f"{split_name} <zw@163.com>", message_id="split@163.com")
    # Others send the header's bytes unencoded.
    raw = raw_message(b"Subject: " + "关于设备维修".encode("gbk"), sender=None, message_id="raw@qq.com")
    raw = raw.replace(b"To:", b'From: "' + "李娜娜".encode("gbk") + b'" <lnn@qq.com>\r\nTo:', 1)
    # Folded lines, and an RFC 2231 language tag inside an encoded word.
    folded = raw_message(
        "Subject: Re: quotation\r\n for the CNC lathe",
        message_id="folded@126.com",
        sender=f"=?utf-8*zh?B?{base64.b64encode('赵六'.encode()).decode()}?= <zl@126.com>",
    )

    rows = read_messages(tmp_path, write_registry, [split, raw, folded]).records.set_index("source_locator")

    assert rows.loc["split@163.com", "counterpart_name"] == "张伟"
    assert rows.loc["raw@qq.com", ["counterpart_name", "subject"]].tolist() == ["李娜娜", "关于设备维修"]
    assert rows.loc["folded@126.com", ["counterpart_name", "subject"]].tolist() == [
        "赵六",
        "Re: quotation for the CNC lathe",
    ]


# -- email bodies and signatures -------------------------------------------------------------

SIGNED = "李娜您好：\n\n附件是我们的技术要求，请查收并确认。\n\n--\n王镕\n采购经理\n深圳市华强电子有限公司\n手机：138 0013 8000\n地址：深圳市南山区华强集团大厦\n"
SIGNED_TRADITIONAL = "李娜您好：\n\n請查收附件。\n\n陳國強\n採購經理\n廣州市宏達貿易有限公司\n電話：020 8765 4321\nTel: 020-8765 4322\n"
SIGNED_HTML = (
    "<html><head><style>p {color: red}</style></head><body><p>Dear Li Na,</p><p>Our purchasing manager asked\nfor the catalogue.</p>"
    "<p>Best regards,<br>John Smith<br>Purchasing Manager<br>Acme Trading Co., Ltd.<br>Mobile:&nbsp;+86 139 0000 1111</p>"
    '<script>track("Newsletter Mailer Inc")</script></body></html>'
)
SIGNED_EXPECTED = ["138 0013 8000", "深圳市华强电子有限公司", "采购经理"]
SIGNED_HTML_EXPECTED = ["+86 139 0000 1111", "Acme Trading Co., Ltd.", "Purchasing Manager"]
ATTACHED_TEXT = mime_part(
    "不是签名\n电话：0000-0000000\n某某集团\n",
    extra_headers='Content-Disposition: attachment; filename="note.txt"\r\n',
)
ATTACHED_PDF = mime_part(
    "%PDF-1.4", "application/pdf", None, extra_headers='Content-Disposition: attachment; filename="q.pdf"\r\n'
)


@pytest.mark.parametrize(
    "body, expected",
    [
        pytest.param(
            mime_part(SIGNED, charset="gb2312", transfer="quoted-printable", codec="gb18030"),
            SIGNED_EXPECTED,
            id="qp-gb2312",
        ),
        pytest.param(
            mime_part(SIGNED, charset=None, transfer="8bit", codec="gb18030"),
            SIGNED_EXPECTED,
            id="8bit-undeclared",
        ),
        pytest.param(
            mime_part(SIGNED_TRADITIONAL, charset=None, transfer="8bit", codec="big5"),
            ["020-8765 4322", "廣州市宏達貿易有限公司", "採購經理"],
            id="8bit-undeclared-big5",
        ),
        pytest.param(
            mime_part(SIGNED, charset="charset*=us-ascii'zh'gbk", codec="gbk"),
            SIGNED_EXPECTED,
            id="rfc2231-charset",
        ),
        pytest.param(mime_part(SIGNED_HTML, "text/html"), SIGNED_HTML_EXPECTED, id="html-only"),
        pytest.param(
            multipart(
                "mixed",
                multipart(
                    "alternative",
                    mime_part(SIGNED_TRADITIONAL, charset="big5"),
                    mime_part(SIGNED_HTML, "text/html"),
                    boundary="alt",
                ),
                ATTACHED_TEXT,
                ATTACHED_PDF,
                boundary="mix",
            ),
            ["020-8765 4322", "廣州市宏達貿易有限公司", "採購經理"],
            id="mixed-alternative-big5-with-attachments",
        ),
        pytest.param(
            multipart(
                "mixed",
                ATTACHED_TEXT,
                mime_part(SIGNED_HTML, "text/html", transfer="quoted-printable"),
                boundary="b",
            ),
            SIGNED_HTML_EXPECTED,
            id="text-attachment-before-html-body",
        ),
    ],
)
def test_signature_from_the_body_of_incoming_mail(tmp_path, write_registry, body, expected):
    row = read_messages(tmp_path, write_registry, [raw_message(body=body)]).records.iloc[0]

    assert row[["signature_phone", "signature_company", "signature_title"]].tolist() == expected


def test_quoted_reply_signature_is_not_the_senders(tmp_path, write_registry):
    reply = (
        "好的，收到。\n张伟\n手机：13800138000\n\n------------------ 原始邮件 ------------------\n"
        '发件人: "李娜"<li.na@hengtai-machinery.com>\n\n报价见附件。\n李娜\n销售经理\n恒泰机械有限公司\n手机：13900001111\n'
    )
    bottom_quoted = "Thanks!\n\nOn Tue, 5 Mar 2024, Li Na wrote:\n> Best regards,\n> Sales Manager\n> Hengtai Machinery Co., Ltd.\n> M: 13900001111\n"

    rows = read_messages(
        tmp_path,
        write_registry,
        [
            raw_message(body=mime_part(reply), message_id="reply@163.com"),
            raw_message(body=mime_part(bottom_quoted), message_id="thanks@163.com"),
        ],
    ).records.set_index("source_locator")

    assert rows.loc[
        "reply@163.com", ["signature_phone", "signature_company", "signature_title"]
    ].tolist() == ["13800138000", None, None]
    assert rows.loc[
        "thanks@163.com", ["signature_phone", "signature_company", "signature_title"]
    ].tolist() == [None, None, None]


def test_outgoing_mail_to_several_customers_gives_one_record_each(tmp_path, write_registry):
    outgoing = raw_message(
        "Cc: 王芳 <wang.fang@hengtai-machinery.com>, 赵六 <zl@126.com>",
        body=mime_part(SIGNED),
        sender=f"李娜 <{STAFF_ADDRESS}>",
        to="张伟 <zw@163.com>, Lee <lee@qq.com>, ZW <ZW@163.com>",
        message_id="q1@hengtai",
    )
    incoming = raw_message(
        "Cc: 同事 <colleague@163.com>",
        body=mime_part(SIGNED),
        sender="张伟 <zw@163.com>",
        message_id="in@163.com",
    )

    records = read_messages(tmp_path, write_registry, [outgoing, incoming]).records

    assert records[
        ["source_locator", "direction", "counterpart_name", "counterpart_email", "signature_phone"]
    ].values.tolist() == [
        ["q1@hengtai", "out", "张伟", "zw@163.com", None],
        ["q1@hengtai#lee@qq.com", "out", "Lee", "lee@qq.com", None],
        ["q1@hengtai#zl@126.com", "out", "赵六", "zl@126.com", None],
        # The signature is the sender's, not the colleague's in copy.
        ["in@163.com", "in", "张伟", "zw@163.com", "138 0013 8000"],
        ["in@163.com#colleague@163.com", "in", "同事", "colleague@163.com", None],
    ]
    assert set(records["subject"]) == {None} and set(records["message_id"]) == {"q1@hengtai", "in@163.com"}


# -- folders of .eml files, rejected messages ------------------------------------------------


def test_folder_of_eml_files_recursively_with_unique_locators(tmp_path, write_registry):
    files = {
        "inbox/2024/001.eml": raw_message(message_id="dup@163.com", sender="张伟 <zw@163.com>"),
        "inbox/2024/old/002.eml": raw_message(message_id="dup@163.com", sender="张伟 <zw@163.com>"),
        "sent/003.eml": raw_message(
            message_id=None, sender=f"李娜 <{STAFF_ADDRESS}>", to="a@163.com, b@qq.com"
        ),
        "internal.EML": raw_message(
            message_id="memo@hengtai",
            sender=f"李娜 <{STAFF_ADDRESS}>",
            to="wang.fang@hengtai-machinery.com, postmaster",
        ),
        "junk/broken.eml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary",
        "junk/bad-subject.eml": raw_message("Subject: =?utf-8?B?A?=", message_id="bad@163.com"),
        "notes.txt": b"not a message",
    }
    for relative_path, content in files.items():
        (tmp_path / "export" / relative_path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "export" / relative_path).write_bytes(content)
    registry = write_registry(mail_source("export"))

    read = read_source(registry.source("mail"), registry)

    assert read.records["source_locator"].tolist() == [
        "dup@163.com",
        "dup@163.com#2",
        "sent/003.eml",
        "sent/003.eml#b@qq.com",
    ]
    assert read.records["message_id"].tolist() == ["dup@163.com", "dup@163.com", None, None]
    assert read.rejected[["source_locator", "reason_code"]].values.tolist() == [
        ["junk/bad-subject.eml", "UNREADABLE_MESSAGE"],
        ["junk/broken.eml", "UNREADABLE_MESSAGE"],
    ]
    assert (
        "base64" in read.rejected["detail"].iloc[0] and "no From, To or Cc" in read.rejected["detail"].iloc[1]
    )
    assert read.rejected["raw"].iloc[0].startswith("Message-ID: <bad@163.com>")
    assert any("dup@163.com" in warning and "#2" in warning for warning in read.warnings)
    assert any("memo@hengtai" in warning and "no customer" in warning for warning in read.warnings)
    assert len(read.warnings) == 2


def test_unreadable_date_is_left_empty_with_a_warning(tmp_path, write_registry):
    message = raw_message(message_id="nodate@163.com").replace(
        b"Tue, 05 Mar 2024 10:00:00 +0800", b"next Tuesday"
    )

    read = read_messages(tmp_path, write_registry, [message])

    assert read.records["date"].tolist() == [None]
    assert read.warnings == ("nodate@163.com: Date header 'next Tuesday' is not a date; left empty",)


@pytest.mark.parametrize(
    "prepare, problem",
    [
        (lambda folder: None, "file not found"),
        (lambda folder: folder.mkdir(), "no messages"),
        (lambda folder: (folder.parent / "export").write_bytes(b""), "file is empty"),
        (lambda folder: (folder.parent / "export").write_bytes(b"Just some text\n"), "no messages"),
    ],
    ids=["missing", "empty-folder", "empty-file", "not-an-mbox"],
)
def test_unreadable_mail_sources_name_the_location(tmp_path, write_registry, prepare, problem):
    prepare(tmp_path / "export")
    registry = write_registry(mail_source("export"))

    with pytest.raises(SourceError, match=problem) as failure:
        read_source(registry.source("mail"), registry)

    assert str(tmp_path / "export") in str(failure.value) and "'mail'" in str(failure.value)


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, declared, expected",
    [
        ("张伟,李娜".encode("utf-16"), None, ("张伟,李娜", "utf-16")),
        (b"\xef\xbb\xbf" + "张伟".encode(), "gbk", ("张伟", "utf-8-sig")),
        ("朱镕基".encode("gb18030"), "gb2312", ("朱镕基", "gb18030")),
        ("刘䶮 深圳市华强电子有限公司".encode("gb18030"), None, ("刘䶮 深圳市华强电子有限公司", "gb18030")),
        ("張偉".encode("big5"), "big5", ("張偉", "big5")),
        ("张伟".encode(), "x-unknown-label", ("张伟", "utf-8")),
    ],
)
def test_decode_text(raw, declared, expected):
    assert decode_text(raw, declared) == expected


def test_decode_text_failure_points_at_the_first_bad_byte():
    with pytest.raises(UnicodeDecodeError) as failure:
        decode_text(b"name\nab\xff\xff\xff", "utf-8")

    assert failure.value.start == 7 and "utf-8" in failure.value.reason


# -- contact exports: CSV --------------------------------------------------------------------

OUTLOOK_CSV = (
    '"First Name","Middle Name","Last Name","Title","Company","Department","Job Title","Business Street","Business City",'
    '"Business State","Business Postal Code","Business Country/Region","Business Phone","Mobile Phone","E-mail Address","Notes"\r\n'
    '"伟","","张","","深圳市华强电子有限公司","采购部","采购经理","深圳市南山区科技园路1号","深圳市","广东省","518000","中国",'
    '"0755-8888 6666","138 0013 8000","zhangwei@163.com","老客户\r\n多行备注"\r\n'
    '"John","","Smith","Mr.","Acme Trading Co., Ltd.","","Purchasing Manager","1 Main St","Springfield","IL","62701","USA",'
    '"","+1 217 555 0100","john.smith@acme.com",""\r\n'
)
OUTLOOK_CHINESE_CSV = "名,姓,单位,职务,移动电话,商务电话,电子邮件地址,附注\r\n娜,李,广州市宏达贸易有限公司,采购主管,13911112222,,lina@qq.com,\r\n"
GMAIL_CSV = (
    "Name,Given Name,Family Name,Notes,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Organization 1 - Name,Organization 1 - Title,Address 1 - Formatted\n"
    "王芳,芳,王,,* Work,wangfang@qq.com ::: fang.wang@gmail.com,Work,0755-1234 5678,Mobile,139 1111 2222 ::: 137 3333 4444,"
    "广州市宏达贸易有限公司,采购主管,广州市天河区体育西路100号\n"
    ",Lei,Li,,,,Mobile,+86 135 0000 1111,,,,,\n"
)
GOOGLE_CONTACTS_CSV = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Labels\n"
    "Anna,,Schmidt,Müller GmbH,Director,* Work,anna.schmidt@mueller.de,Mobile,+49 170 1234567,* myContacts\n"
)
FOXMAIL_CSV = "姓名,电子邮件地址,移动电话,办公电话,公司,职位,地址,备注\r\n刘䶮,liuyan@foxmail.com,135 1234 5678,020-87654321,廣州市宏達貿易有限公司,總經理,广州市天河区,VIP\r\n"
FOXMAIL_ENGLISH_CSV = (
    "Name,E-mail Address,Mobile Phone,Business Phone,Company,Job Title,Business Address,Notes\n"
    'Peter Wong,peter@abc.com.hk,+852 9123 4567,,ABC Trading Limited,Sales Director,"Kowloon, Hong Kong",\n'
)


def contact(
    name, email, phone=None, mobile=None, company=None, title=None, address=None, note=None, locator="line 2"
):
    return {
        "source_locator": locator,
        "name": name,
        "email": email,
        "phone": phone,
        "mobile": mobile,
        "company": company,
        "title": title,
        "address": address,
        "note": note,
    }


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(
            OUTLOOK_CSV.encode("utf-16"),
            [
                contact(
                    "张伟",
                    "zhangwei@163.com",
                    "0755-8888 6666",
                    "138 0013 8000",
                    "深圳市华强电子有限公司",
                    "采购经理",
                    "中国广东省深圳市南山区科技园路1号 518000",
                    "老客户\n多行备注",
                ),
                # The note above spans two lines: this row starts on line 4.
                contact(
                    "John Smith",
                    "john.smith@acme.com",
                    None,
                    "+1 217 555 0100",
                    "Acme Trading Co., Ltd.",
                    "Purchasing Manager",
                    "1 Main St, Springfield, IL 62701, USA",
                    locator="line 4",
                ),
            ],
            id="outlook-utf16-bom",
        ),
        pytest.param(
            OUTLOOK_CSV.replace(",", "\t").replace("Co.\t Ltd.", "Co., Ltd.").encode("utf-16"),
            [
                contact(
                    "张伟",
                    "zhangwei@163.com",
                    "0755-8888 6666",
                    "138 0013 8000",
                    "深圳市华强电子有限公司",
                    "采购经理",
                    "中国广东省深圳市南山区科技园路1号 518000",
                    "老客户\n多行备注",
                ),
                contact(
                    "John Smith",
                    "john.smith@acme.com",
                    None,
                    "+1 217 555 0100",
                    "Acme Trading Co., Ltd.",
                    "Purchasing Manager",
                    "1 Main St, Springfield, IL 62701, USA",
                    locator="line 4",
                ),
            ],
            id="outlook-unicode-text-tab-separated",
        ),
        pytest.param(
            OUTLOOK_CHINESE_CSV.encode("gbk"),
            [
                contact("李娜", "lina@qq.com", None, "13911112222", "广州市宏达贸易有限公司", "采购主管"),
            ],
            id="outlook-chinese-gbk",
        ),
        pytest.param(
            GMAIL_CSV.encode("utf-8"),
            [
                contact(
                    "王芳",
                    "wangfang@qq.com",
                    "0755-1234 5678",
                    "139 1111 2222",
                    "广州市宏达贸易有限公司",
                    "采购主管",
                    "广州市天河区体育西路100号",
                ),
                contact("Lei Li", None, mobile="+86 135 0000 1111", locator="line 3"),
            ],
            id="gmail-utf8",
        ),
        pytest.param(
            GOOGLE_CONTACTS_CSV.encode("utf-8-sig"),
            [
                contact(
                    "Anna Schmidt",
                    "anna.schmidt@mueller.de",
                    None,
                    "+49 170 1234567",
                    "Müller GmbH",
                    "Director",
                ),
            ],
            id="google-contacts-utf8-bom",
        ),
        pytest.param(
            FOXMAIL_CSV.encode("gb18030"),
            [
                contact(
                    "刘䶮",
                    "liuyan@foxmail.com",
                    "020-87654321",
                    "135 1234 5678",
                    "廣州市宏達貿易有限公司",
                    "總經理",
                    "广州市天河区",
                    "VIP",
                ),
            ],
            id="foxmail-gb18030",
        ),
        pytest.param(
            FOXMAIL_ENGLISH_CSV.encode("utf-8"),
            [
                contact(
                    "Peter Wong",
                    "peter@abc.com.hk",
                    None,
                    "+852 9123 4567",
                    "ABC Trading Limited",
                    "Sales Director",
                    "Kowloon, Hong Kong",
                ),
            ],
            id="foxmail-english",
        ),
    ],
)
def test_csv_contact_exports(tmp_path, write_registry, content, expected):
    (tmp_path / "contacts.csv").write_bytes(content)
    registry = write_registry(contacts_source("contacts.csv"))

    read = read_source(registry.source("contacts"), registry)

    assert read.records.to_dict(orient="records") == expected
    assert read.rejected.empty and not read.warnings


def contacts_source(location):
    return {
        "name": "contacts",
        "department": "sales",
        "kind": "contacts",
        "location": location,
        "columns": {"name": "person_name"},
    }


def test_unknown_csv_flavour_lists_the_headers(tmp_path, write_registry):
    (tmp_path / "contacts.csv").write_bytes("客户,电话\n张伟,13800138000\n".encode("gbk"))
    registry = write_registry(contacts_source("contacts.csv"))

    with pytest.raises(SourceError, match="headers found: 客户, 电话") as failure:
        read_source(registry.source("contacts"), registry)

    assert "contacts.csv" in str(failure.value)


# -- contact exports: vCard ------------------------------------------------------------------


def quoted_printable(text, codec):
    return "".join(f"={byte:02X}" for byte in text.encode(codec))


ORG_QP = quoted_printable("深圳市华强电子有限公司", "gb2312")
VCARDS = (
    "\r\n".join(
        [
            "BEGIN:VCARD",
            "VERSION:2.1",
            f"N;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:{quoted_printable('王', 'gb2312')};{quoted_printable('镕', 'gb18030')};;;",
            # A soft line break in the middle of the value.
            f"ORG;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:{ORG_QP[:24]}=",
            f"{ORG_QP[24:]}",
            f"TITLE;CHARSET=GB2312;QUOTED-PRINTABLE:{quoted_printable('采购经理', 'gb2312')}",
            "TEL;WORK;FAX:0755-1111 2222",
            "TEL;WORK;VOICE:0755-8888 6666",
            "TEL;CELL;VOICE:138 0013 8000",
            "EMAIL;PREF;INTERNET:wangrong@163.com",
            f"ADR;WORK;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:;;{quoted_printable('南山区科技园路1号;深圳市;广东省;518000;中国', 'gb2312')}",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "N:Smith;John;;Mr.;",
            "FN:John Smith",
            r"ORG:Acme Trading Co.\, Ltd.;Purchasing",
            "TITLE:Purchasing Manager",
            "TEL;TYPE=WORK,VOICE:+1 217 555 0100",
            "TEL;TYPE=CELL:+1 217 555 0199",
            "EMAIL;TYPE=INTERNET,WORK:john.smith@acme.com",
            "ADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA",
            r"NOTE:Met at the Canton Fair\, booth 12.\nLikes long",
            "  lunches.",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Broken Card",
            "this line is no property",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:4.0",
            "FN:陳國強",
            "N:陳;國強;;;",
            "ORG:廣州市宏達貿易有限公司;銷售部",
            "TITLE:總經理",
            'TEL;VALUE=uri;TYPE="voice,cell":tel:+86-135-1234-5678',
            "TEL;VALUE=uri;TYPE=work:tel:+86-20-8765-4321",
            "EMAIL;TYPE=work:chen@hongda.com.cn",
            "item1.ADR;TYPE=work:;;天河区体育西路100号;广州市;广东省;;中国",
            "END:VCARD",
            "BEGIN:VCARD",
            "VERSION:3.0",
            "FN:Cut Short",
            "EMAIL:cut@short.com",
        ]
    )
    + "\r\n"
)


def test_vcards_2_1_3_0_and_4_0_with_broken_cards_rejected(tmp_path, write_registry):
    (tmp_path / "contacts.vcf").write_bytes(VCARDS.encode("utf-8"))
    registry = write_registry(contacts_source("contacts.vcf"))

    read = read_source(registry.source("contacts"), registry)

    assert read.records.to_dict(orient="records") == [
        contact(
            "王镕",
            "wangrong@163.com",
            "0755-8888 6666",
            "138 0013 8000",
            "深圳市华强电子有限公司",
            "采购经理",
            "中国广东省深圳市南山区科技园路1号 518000",
            locator="card 1",
        ),
        contact(
            "John Smith",
            "john.smith@acme.com",
            "+1 217 555 0100",
            "+1 217 555 0199",
            "Acme Trading Co., Ltd.",
            "Purchasing Manager",
            "1 Main St, Springfield, IL 62701, USA",
            "Met at the Canton Fair, booth 12.\nLikes long lunches.",
            locator="card 2",
        ),
        contact(
            "陳國強",
            "chen@hongda.com.cn",
            "+86-20-8765-4321",
            "+86-135-1234-5678",
            "廣州市宏達貿易有限公司",
            "總經理",
            "中国广东省广州市天河区体育西路100号",
            locator="card 4",
        ),
    ]
    assert read.rejected[["source_locator", "reason_code"]].values.tolist() == [
        ["card 3", "UNREADABLE_CONTACT"],
        ["card 5", "UNREADABLE_CONTACT"],
    ]
    assert (
        "this line is no property" in read.rejected["detail"].iloc[0]
        and "END:VCARD" in read.rejected["detail"].iloc[1]
    )
    assert read.rejected["raw"].iloc[0].startswith("BEGIN:VCARD\nVERSION:3.0\nFN:Broken Card")


@pytest.mark.parametrize(
    "file_name, content, problem",
    [
        ("contacts.vcf", b"FN:no card here\n", "no BEGIN:VCARD"),
        ("contacts.csv", b"", "file is empty"),
        ("contacts.xlsx", b"PK\x03\x04", "unsupported contacts file type '.xlsx'"),
        ("contacts.csv", b"\xff\xfe\xff\xff\xff", "text encoding not recognised"),
    ],
)
def test_unreadable_contact_files_name_the_file(tmp_path, write_registry, file_name, content, problem):
    (tmp_path / file_name).write_bytes(content)
    registry = write_registry(contacts_source(file_name))

    with pytest.raises(SourceError, match=problem) as failure:
        read_source(registry.source("contacts"), registry)

    assert file_name in str(failure.value)


# -- end to end: canonical fields ------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, file_name, content, columns, expected",
    [
        pytest.param(
            "email",
            "inbox/001.eml",
            raw_message(
                body=mime_part(SIGNED, charset="gb2312", transfer="quoted-printable", codec="gb18030"),
                sender="王镕 <wr@163.com>",
            ),
            {
                "counterpart_name": "person_name",
                "counterpart_email": "email",
                "signature_phone": "phone",
                "signature_company": "company_name",
                "date": "last_contact_date",
            },
            {
                "person_name": "王镕",
                "email": "wr@163.com",
                "phone": "138 0013 8000",
                "company_name": "深圳市华强电子有限公司",
                "last_contact_date": "2024-03-05",
                "source_locator": "m1@163.com",
                "record_key": "crm_input:m1@163.com",
                # recognised without a mapping
                "contact_channel": "email",
                "contact_direction": "in",
            },
            id="mail",
        ),
        pytest.param(
            "contacts",
            "contacts.vcf",
            VCARDS.encode("utf-8"),
            {
                "name": "person_name",
                "email": "email",
                "mobile": "phone",
                "phone": "alt_phone",
                "company": "company_name",
                "address": "address",
            },
            {
                "person_name": "王镕",
                "email": "wangrong@163.com",
                "phone": "138 0013 8000",
                "alt_phone": "0755-8888 6666",
                "company_name": "深圳市华强电子有限公司",
                "address": "中国广东省深圳市南山区科技园路1号 518000",
                "source_locator": "card 1",
                "record_key": "crm_input:card 1",
            },
            id="contacts",
        ),
    ],
)
@pytest.mark.parametrize("mapped_in_registry", [True, False], ids=["registry-columns", "reader-fields"])
def test_staged_canonical_fields(
    tmp_path, write_registry, kind, file_name, content, columns, expected, mapped_in_registry
):
    """The registry's `columns` may say it, but the reader's own column names need no mapping."""
    (tmp_path / file_name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / file_name).write_bytes(content)
    location = file_name.split("/")[0]
    registry = write_registry(
        {
            "name": "crm_input",
            "department": "sales",
            "kind": kind,
            "location": location,
            "columns": columns if mapped_in_registry else {},
        }
    )

    load = load_source(registry.source("crm_input"), registry, "2024-03-06T02:00:00")
    staged = stage_source(load)

    assert load.issues.empty
    assert staged.iloc[0][list(expected)].to_dict() == expected
    assert staged.iloc[0]["source"] == "crm_input" and staged.iloc[0]["department"] == "sales"


def test_a_registry_mapping_takes_its_field_from_the_readers_own_column(tmp_path, write_registry):
    """Mapping the mobile column to `alt_phone` takes that field from the landline column, the
    reader's default for it; the landline column is then read by its header, as a phone."""
    (tmp_path / "contacts.vcf").write_bytes(VCARDS.encode("utf-8"))
    registry = write_registry(
        {
            "name": "crm_input",
            "department": "sales",
            "kind": "contacts",
            "location": "contacts.vcf",
            "columns": {"mobile": "alt_phone"},
        }
    )

    staged = stage_source(load_source(registry.source("crm_input"), registry, "2024-03-06T02:00:00"))

    assert staged.iloc[0][["alt_phone", "phone", "email"]].tolist() == [
        "138 0013 8000",
        "0755-8888 6666",
        "wangrong@163.com",
    ]
