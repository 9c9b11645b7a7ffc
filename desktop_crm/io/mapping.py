"""Which column of a file is which field: the fields of each import kind, header synonyms, guesses.

Headers are compared after folding: full-width to half-width (NFKC), case, ё to е, traditional
Chinese characters to simplified ones (客戶名稱 is 客户名称), and without spaces, punctuation and the
'*' that marks required columns. A header is looked up whole, then without a bracketed part
('Phone (work)' is 'Phone'). Headers that name no field stay unmapped (None); among them, those
that name a known thing the CRM does not import ('Created Date', 注册时间, 'Last Updated', money and
statistics columns) are never guessed from their content either.

A column whose header says nothing is guessed from its first rows: mostly e-mail addresses is an
e-mail, mostly phone numbers (7–15 digits, numbers of a million and more without a fraction, '+'
prefixes) a phone (then a mobile), mostly dates a birthday (customers: only when the years look like
birth years), the purchase date or the care event's time.

Each field is suggested at most once, except ``custom`` (a customer's custom field under the header's
own name). When surname and given name are found the engine joins them (values.full_name, which
also copes with one of them alone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from desktop_crm.services.validation import EMAIL_RE

from . import values


@dataclass(frozen=True)
class FieldSpec:
    key: str  # e.g. 'name'
    label: str  # English label for the wizard, e.g. 'Name'
    kind: str  # 'text' | 'phone' | 'email' | 'date' | 'amount' | 'number' | 'tier' | 'status' | 'care_kind'
    #            | 'country' | 'manager' | 'code' | 'datetime'
    required: bool = False


KINDS = ("customers", "purchases", "care")


def _specs(rows: str) -> tuple[FieldSpec, ...]:
    out = []
    for row in rows.strip().splitlines():
        key, label, kind, *flag = (part.strip() for part in row.split("|"))
        out.append(FieldSpec(key, label, kind, bool(flag and flag[0] == "required")))
    return tuple(out)


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    # customer_kind is text: the engine reads 'person' / 'company' words with values.customer_kind.
    "customers": _specs("""
        code | Customer code | code
        name | Name | text
        surname | Surname | text
        given_name | Given name | text
        company | Company | text
        title | Job title | text
        customer_kind | Person or company | text
        phone | Phone | phone
        mobile | Mobile | phone
        email | E-mail | email
        address | Address | text
        city | City | text
        region | Region | text
        country | Country | country
        birthday | Birthday | date
        tier | Tier | tier
        manager | Manager | manager
        status | Status | status
        industry | Industry | text
        source | Source | text
        credit_rating | Credit rating | text
        credit_limit | Credit limit | amount
        hobbies | Hobbies | text
        family_notes | Family | text
        notes | Notes | text
        contact_name | Contact person | text
        contact_role | Contact's role | text
        contact_phone | Contact's phone | phone
        contact_email | Contact's e-mail | email
        custom | Custom field | text
    """),
    "purchases": _specs("""
        customer_code | Customer code | code
        customer_name | Customer name | text
        purchased_on | Purchase date | date | required
        reference | Invoice number | code
        line_ref | Invoice line | code
        product_code | Product code | code
        product_name | Product | text
        quantity | Quantity | number
        unit_price | Unit price | amount
        amount | Line total | amount
        currency | Currency | text
        country | Country | country
        manager | Manager | manager
    """),
    "care": _specs("""
        customer_code | Customer code | code
        customer_name | Customer name | text
        customer_email | Customer's e-mail | email
        customer_phone | Customer's phone | phone
        happened_at | Date and time | datetime | required
        care_kind | Kind of contact | care_kind
        summary | Summary | text
        outcome | Outcome | text
        next_step | Next step | text
        next_due | Next step due | date
        manager | Manager | manager
        channel | Channel | text
        reference | Record number | code
    """),
}
_BY_KEY = {kind: {spec.key: spec for spec in specs} for kind, specs in FIELDS.items()}

# One of these sets of fields must be mapped (FieldSpec.required holds only single must-haves).
ALTERNATIVES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "customers": (("a name (Name, Surname, Given name or Company)", ("name", "surname", "given_name", "company")),),
    "purchases": (("the customer (code or name)", ("customer_code", "customer_name")),
                  ("the price (line total or unit price)", ("amount", "unit_price"))),
    "care": (("the customer (code, name, e-mail or phone)",
              ("customer_code", "customer_name", "customer_email", "customer_phone")),),
}


def field(kind: str, key: str) -> FieldSpec:
    """The spec of one field of an import kind."""
    try:
        return _BY_KEY[kind][key]
    except KeyError:
        raise KeyError(f"{kind!r} imports have no field {key!r}") from None


def missing(kind: str, keys: Iterable[str | None]) -> list[str]:
    """What a mapping still lacks, as English phrases: required fields' labels, then unmet alternatives."""
    have = {k for k in keys if k}
    out = [spec.label for spec in FIELDS[kind] if spec.required and spec.key not in have]
    out += [label for label, group in ALTERNATIVES[kind] if not have.intersection(group)]
    return out


# ------------------------------------------------------------------------------------ headers

# Traditional characters of headers, to simplified ones; the synonym lists are written simplified.
_TRADITIONAL = str.maketrans(
    "戶稱話機電業務員號郵國區級價單數額購買產貨訂狀態備註聯絡係負責銷經記錄間時結類職愛興關鍵幣種歷曆際內門階層會動來輸導說詳細計劃編碼帳賬"
    "處達張傳網頁覽選項場戲標簽籤歲齡齒鄉鎮縣區址資訊訊條現額統總計劃贈禮慰問題訴紀錄約預設諮詢隊組團隊營運點頭銜種別顧擁廠開發",
    "户称话机电业务员号邮国区级价单数额购买产货订状态备注联络系负责销经记录间时结类职爱兴关键币种历历际内门阶层会动来输导说详细计划编码帐账"
    "处达张传网页览选项场戏标签签岁龄齿乡镇县区址资讯讯条现额统总计划赠礼慰问题诉纪录约预设咨询队组团队营运点头衔种别顾拥厂开发")
_BRACKETED = re.compile(r"\s*[(（\[【].*?[)）\]】]\s*")
_PUNCT = re.compile(r"[\W_]+")


def normalise(header: Any) -> str:
    """A header as it is compared: folded width, case and script, without spaces and punctuation."""
    s = header if isinstance(header, str) else values.text(header).value or ""
    s = unicodedata.normalize("NFKC", s).casefold().replace("ё", "е").translate(_TRADITIONAL)
    return _PUNCT.sub("", s)


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split(";") if w.strip()]


# Synonyms by field, in English, Chinese, Russian, Korean and Finnish. Keys shared by the three
# kinds are listed once and reused; a kind's own table may give a header another meaning
# ('Notes' is a customer's notes, but a care event's summary).
_COMMON = {
    "manager": "manager;account manager;account owner;owner;sales rep;salesperson;sales person;sales manager;"
               "sales;salesman;rep;representative;responsible;assigned to;assignee;agent;employee;staff;"
               "业务员;业务;销售;销售员;销售人员;负责人;客户经理;跟进人;归属人;所属销售;经理;经办人;对接人;专员;"
               "менеджер;ответственный;продавец;менеджер клиента;сотрудник;"
               "담당자;영업담당;영업담당자;담당;매니저;영업사원;"
               "myyjä;vastuuhenkilö;asiakasvastaava;myyntiedustaja;vastuumyyjä",
    "country": "country;nation;country code;country name;国家;国别;国家地区;国家/地区;страна;국가;나라;maa",
}
_CUSTOMER_CODE = ("customer id;customerid;customer code;customer no;customer number;client id;client code;"
                  "client no;cust id;custid;account id;account number;account no;"
                  "客户编号;客户编码;客户代码;客户id;客户号;客户代号;会员号;会员编号;会员卡号;"
                  "код клиента;номер клиента;id клиента;клиент id;"
                  "고객번호;고객코드;고객id;고객 번호;asiakasnumero;asiakastunnus;asiakaskoodi")
_CUSTOMER_NAME = ("customer;customer name;client;client name;account name;buyer;"
                  "客户;客户名称;客户名;客户姓名;买家;购买人;购买方;"
                  "клиент;имя клиента;покупатель;наименование клиента;название клиента;"
                  "고객;고객명;고객이름;고객 이름;구매자;asiakas;asiakkaan nimi")

_SYNONYMS: dict[str, dict[str, str]] = {
    "customers": {
        **_COMMON,
        "code": "id;code;no;number;" + _CUSTOMER_CODE + ";编号;编码;代码;код;번호;코드;tunnus;numero",
        "name": "name;full name;fullname;customer;customer name;client;client name;account name;display name;"
                "contact full name;姓名;名称;名字;全名;客户;客户名称;客户名;客户姓名;"
                "фио;ф.и.о.;полное имя;клиент;наименование;имя клиента;фио клиента;наименование клиента;"
                "이름;고객명;성명;고객;고객이름;nimi;asiakas;asiakkaan nimi;koko nimi",
        "surname": "surname;last name;lastname;family name;familyname;姓;姓氏;фамилия;성;sukunimi",
        "given_name": "first name;firstname;given name;givenname;forename;名;имя;etunimi",
        "company": "company;company name;organization;organisation;organization name;organisation name;"
                   "employer;business;business name;firm;公司;公司名称;单位;单位名称;企业;企业名称;工作单位;"
                   "所属公司;компания;организация;название компании;фирма;работодатель;место работы;"
                   "회사;회사명;업체;업체명;거래처;기업명;직장;yritys;yhtiö;organisaatio;työnantaja;yrityksen nimi",
        "title": "title;job title;position;job;occupation;designation;职位;职务;头衔;岗位;职称;"
                 "должность;позиция;직위;직책;직함;titteli;asema;tehtävä;ammatti",
        "customer_kind": "customer type;client type;type;kind;customer kind;person or company;客户类型;客户性质;"
                         "类型;类别;тип;тип клиента;вид клиента;유형;고객유형;고객구분;구분;tyyppi;asiakastyyppi",
        "phone": "phone;telephone;tel;tel.;phone number;phone no;phone #;contact number;contact phone number;"
                 "landline;work phone;office phone;business phone;home phone;"
                 "电话;电话号码;联系电话;固话;固定电话;座机;办公电话;联系方式;"
                 "телефон;номер телефона;тел;рабочий телефон;домашний телефон;контактный телефон;"
                 "전화;전화번호;연락처;유선전화;회사전화;puhelin;puhelinnumero;puh;työpuhelin",
        "mobile": "mobile;mobile phone;mobile number;mobile no;cell;cellphone;cell phone;cell number;handy;gsm;"
                  "手机;手机号;手机号码;移动电话;"
                  "мобильный;мобильный телефон;сотовый;сотовый телефон;моб;моб. телефон;"
                  "휴대폰;핸드폰;휴대전화;휴대폰번호;핸드폰번호;matkapuhelin;kännykkä;puhelin (gsm)",
        "email": "email;e-mail;email address;e-mail address;mail;e mail;邮箱;电子邮箱;电子邮件;邮件;邮箱地址;"
                 "электронная почта;почта;e-mail адрес;эл. почта;эл.почта;емейл;имейл;"
                 "이메일;메일;전자우편;이메일주소;sähköposti;sposti;sähköpostiosoite",
        "address": "address;street;street address;addr;address line 1;address 1;mailing address;postal address;"
                   "地址;联系地址;通讯地址;详细地址;住址;公司地址;адрес;почтовый адрес;юридический адрес;"
                   "주소;상세주소;osoite;katuosoite;postiosoite",
        "city": "city;town;municipality;城市;市;所在城市;город;населенный пункт;도시;시;kaupunki;paikkakunta;"
                "postitoimipaikka;kunta",
        "region": "region;state;province;area;district;county;省;省份;地区;区域;所在地区;省市;"
                  "регион;область;край;район;지역;도;시도;alue;maakunta;lääni",
        "birthday": "birthday;birth date;birthdate;date of birth;dob;born;birth day;生日;出生日期;出生年月日;"
                    "出生年月;农历生日;阴历生日;день рождения;дата рождения;др;생일;생년월일;"
                    "syntymäpäivä;syntymäaika",
        "tier": "tier;level;grade;class;customer level;customer class;customer tier;customer grade;vip level;"
                "abc;abc class;segment;等级;客户等级;级别;客户级别;会员等级;分类;客户分类;客户分级;"
                "уровень;категория;класс;категория клиента;сегмент;등급;고객등급;회원등급;"
                "taso;luokka;asiakasluokka;asiakastaso",
        "status": "status;customer status;client status;stage;lifecycle stage;lifecycle;状态;客户状态;"
                  "статус;статус клиента;상태;고객상태;tila;asiakkaan tila",
        "industry": "industry;sector;business type;vertical;行业;所属行业;отрасль;сфера;сфера деятельности;"
                    "업종;산업;toimiala",
        "source": "source;lead source;channel;acquisition channel;origin;来源;客户来源;渠道;获客渠道;"
                  "источник;канал;유입경로;출처;경로;lähde;kanava",
        "credit_rating": "credit rating;credit;credit grade;信用等级;信用;信用评级;кредитный рейтинг;"
                         "신용등급;luottoluokitus",
        "credit_limit": "credit limit;信用额度;授信额度;额度;кредитный лимит;신용한도;luottoraja",
        "hobbies": "hobbies;hobby;interests;爱好;兴趣爱好;兴趣;хобби;увлечения;интересы;취미;관심사;"
                   "harrastukset;kiinnostuksen kohteet",
        "family_notes": "family;family notes;family members;家庭;家庭情况;家庭成员;семья;семейное положение;"
                        "가족;가족사항;perhe",
        "notes": "notes;note;comments;comment;remarks;remark;memo;description;备注;说明;附注;备忘;描述;"
                 "примечание;примечания;комментарий;заметки;описание;비고;메모;참고;설명;"
                 "huomautukset;lisätiedot;kommentti;muistiinpanot;huom",
        "contact_name": "contact;contact name;contact person;联系人;联系人姓名;对接人姓名;контактное лицо;"
                        "контакт;연락담당자;담당자명;yhteyshenkilö",
        "contact_role": "contact role;contact title;contact position;联系人职位;联系人职务;должность контакта;"
                        "담당자직위;yhteyshenkilön rooli;yhteyshenkilön titteli",
        "contact_phone": "contact phone;contact mobile;联系人电话;联系人手机;телефон контакта;"
                         "담당자연락처;담당자전화;yhteyshenkilön puhelin",
        "contact_email": "contact email;contact e-mail;联系人邮箱;email контакта;почта контакта;담당자이메일;"
                         "yhteyshenkilön sähköposti",
        "custom": "tags;tag;labels;label;标签;теги;метки;태그;tunnisteet",
    },
    "purchases": {
        **_COMMON,
        "customer_code": _CUSTOMER_CODE,
        "customer_name": _CUSTOMER_NAME + ";name;姓名;фио;이름;nimi",
        "purchased_on": "invoicedate;invoice date;date;order date;purchase date;sale date;sales date;"
                        "transaction date;date of purchase;日期;购买日期;订单日期;下单时间;下单日期;销售日期;"
                        "交易日期;交易时间;开票日期;成交日期;дата;дата покупки;дата заказа;дата продажи;"
                        "구매일;주문일;날짜;구매일자;주문일자;판매일;päivämäärä;ostopäivä;tilauspäivä",
        "reference": "invoiceno;invoice no;invoice;invoice number;invoice id;order id;order no;order number;"
                     "order;receipt;receipt no;发票号;发票号码;订单号;单号;订单编号;单据号;单据编号;"
                     "номер счета;счет;номер заказа;заказ;накладная;주문번호;송장번호;영수증번호;"
                     "laskunumero;tilausnumero;lasku;kuitti",
        "line_ref": "line;line no;line number;line id;id;row id;行号;明细id;明细编号;строка;номер строки;"
                    "라인;행번호;rivi;rivinumero",
        "product_code": "stockcode;stock code;sku;product code;product id;item code;item no;article;"
                        "article number;part number;商品编码;产品编码;货号;物料编码;商品编号;产品编号;"
                        "артикул;код товара;상품코드;품번;제품코드;tuotekoodi;tuotenumero",
        "product_name": "description;product;product name;item;item name;goods;article name;商品;商品名称;"
                        "产品;产品名称;品名;货品名称;名称;товар;наименование;наименование товара;"
                        "상품명;제품명;품명;상품;tuote;tuotenimi;nimike",
        "quantity": "quantity;qty;count;units;pcs;数量;件数;购买数量;количество;кол-во;колво;수량;määrä;kpl",
        "unit_price": "unitprice;unit price;price;price per unit;单价;价格;售价;цена;цена за единицу;"
                      "단가;가격;yksikköhinta;hinta;a-hinta",
        "amount": "amount;total;line total;sum;subtotal;total price;sales;revenue;value;金额;总价;总额;合计;"
                  "小计;销售额;消费金额;成交金额;сумма;итого;стоимость;금액;합계;매출;summa;yhteensä;arvo",
        "currency": "currency;curr;currency code;币种;货币;валюта;통화;valuutta",
    },
    "care": {
        "manager": _COMMON["manager"] + ";by;user;created by;done by;拜访人;执行人;跟进人员;исполнитель;"
                                        "작성자;tekijä",
        "reference": "log id;logid;activity id;event id;record id;interaction id;id;记录id;记录编号;日志id;"
                     "id записи;номер записи;기록번호;기록id;tapahtuman tunnus",
        "customer_code": _CUSTOMER_CODE,
        "customer_name": _CUSTOMER_NAME + ";name;姓名;фио;이름;nimi",
        "customer_email": "email;e-mail;customer email;client email;邮箱;客户邮箱;почта;электронная почта;"
                          "이메일;sähköposti",
        "customer_phone": "phone;customer phone;client phone;telephone;mobile;电话;手机;联系电话;客户电话;"
                          "телефон;номер телефона;전화번호;연락처;puhelin",
        "happened_at": "timestamp;date;time;datetime;date time;date and time;activity date;contact date;"
                       "contacted at;created;created at;when;时间;日期;拜访时间;跟进时间;回访时间;联系时间;"
                       "拜访日期;跟进日期;дата;время;дата контакта;дата и время;дата визита;일시;날짜;방문일;"
                       "방문일자;연락일;aika;päivämäärä;ajankohta",
        "care_kind": "action;activity;type;activity type;kind;interaction;interaction type;contact type;"
                     "event type;类型;方式;跟进方式;拜访方式;联系类型;活动类型;тип;действие;вид;вид контакта;"
                     "тип контакта;유형;활동;구분;활동유형;toiminto;tyyppi;toimenpide",
        "summary": "notes;note;summary;description;subject;details;content;comments;comment;"
                   "内容;跟进内容;记录;备注;摘要;描述;拜访内容;沟通内容;详情;"
                   "описание;примечание;комментарий;содержание;заметки;тема;"
                   "내용;메모;비고;상담내용;kuvaus;muistiinpanot;yhteenveto;aihe",
        "outcome": "outcome;result;results;结果;跟进结果;拜访结果;результат;итог;결과;tulos",
        "next_step": "next step;next steps;next action;follow up action;下一步;下一步计划;后续计划;后续;"
                     "следующий шаг;дальнейшие действия;다음 단계;후속조치;seuraava vaihe;jatkotoimet",
        "next_due": "next date;next due;due date;follow-up date;follow up date;next contact;next contact date;"
                    "next follow up;下次跟进时间;下次联系时间;下次回访;下次日期;下次跟进日期;"
                    "дата следующего контакта;следующий контакт;срок;다음 연락일;다음 방문일;"
                    "seuraava yhteydenotto;määräpäivä",
        "channel": "channel;medium;via;渠道;途径;канал;채널;kanava",
    },
}

# Headers of things the CRM does not import: no field, and their content is never guessed either.
_NOT_FIELDS = {normalise(w) for w in _words(
    "created;created date;created at;date created;creation date;registered;registration date;signup date;"
    "last updated;updated;updated at;modified;last modified;last update;last contact;last activity;"
    "注册时间;注册日期;创建时间;创建日期;录入时间;录入日期;更新时间;修改时间;最后更新;最近联系;"
    "дата создания;дата регистрации;дата изменения;обновлено;등록일;생성일;수정일;가입일;최종수정일;"
    "luotu;päivitetty;muokattu;rekisteröity;"
    "deal value;value;revenue;total;spend;balance;profit;cost;price;amount;sum;"
    "余额;利润;成本;成交价;消费;金额;总额;单价;"
    "сумма;баланс;прибыль;стоимость;잔액;금액;이익;summa;saldo")}
_NOT_FIELD_PARTS = tuple(normalise(w) for w in _words(
    "消费;利润;成本;余额;数;次数;统计;分布;订阅;total;revenue;profit;balance;spend;"
    "сумма;количество;кол-во;금액;määrä"))


def _index(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, words in table.items():
        for word in _words(words):
            out.setdefault(normalise(word), key)
    return out


_INDEX = {kind: _index(table) for kind, table in _SYNONYMS.items()}
# 이름 alone is the customer's name (the rule); Имя alone is the given name.
_INDEX["customers"][normalise("이름")] = "name"


def _header_field(kind: str, header: Any) -> tuple[str | None, bool]:
    """(field key or None, whether the header names something the CRM does not import)."""
    index = _INDEX[kind]
    key = normalise(header)
    if not key:
        return None, False
    found = index.get(key)
    if found is None and isinstance(header, str) and _BRACKETED.search(header):
        found = index.get(normalise(_BRACKETED.sub(" ", header)))
    if found is None and key.isascii() and key.endswith("s"):
        found = index.get(key[:-1])  # Phones, Emails, Comments
    if found is not None:
        return found, False
    blocked = key in _NOT_FIELDS or any(part in key for part in _NOT_FIELD_PARTS) or _has_period(header)
    return None, blocked


_PERIOD = re.compile(r"\d{1,2}[/.\-]\d{1,2}\s*[-~–]\s*\d{1,2}[/.\-]\d{1,2}")  # 5/1-5/31消费


def _has_period(header: Any) -> bool:
    return isinstance(header, str) and bool(_PERIOD.search(header))


# ------------------------------------------------------------------------------ content guesses

_PHONE_TEXT = re.compile(r"^\+?[\d\s\-().]{7,24}$")
_DIGIT = re.compile(r"\d")
_TODAY = dt.date.today()


def _looks_like_phone(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer() and 1e6 <= value < 1e15
    if isinstance(value, int):
        return 10**6 <= value < 10**15
    if isinstance(value, str):
        s = value.strip()
        if not _PHONE_TEXT.match(s):
            return False
        digits = len(_DIGIT.findall(s))
        return 7 <= digits <= 15 and (s[0] == "+" or not _looks_like_date(s))
    return False


def _looks_like_date(value: Any) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if isinstance(value, str):
        parsed = values.date(value)
        return parsed.value is not None or parsed.ambiguous
    return False


def _birth_like(value: Any) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return 1900 <= value.year <= _TODAY.year - 10
    parsed = values.date(value) if isinstance(value, str) else values.Parsed()
    if parsed.ambiguous:
        return True
    found = parsed.value
    if isinstance(found, dt.date):
        return 1900 <= found.year <= _TODAY.year - 10
    return isinstance(found, (values.MonthDay, values.LunarDate))


def _column(samples: Sequence[Sequence[Any]], index: int) -> list[Any]:
    out = []
    for row in samples:
        if index < len(row):
            cell = row[index]
            if cell is not None and not (isinstance(cell, str) and not cell.strip()):
                out.append(cell)
    return out


def _mostly(cells: list[Any], test, share: float = 0.8) -> bool:
    return bool(cells) and sum(1 for c in cells if test(c)) >= share * len(cells)


def _content_guess(kind: str, cells: list[Any], rows: int) -> tuple[str, ...]:
    """Fields a column could be by its content, in order of preference (empty when it says nothing)."""
    if not cells or len(cells) < 0.25 * rows:
        return ()
    if _mostly(cells, lambda c: isinstance(c, str) and bool(EMAIL_RE.match(c.strip()))):
        return {"customers": ("email", "contact_email"), "care": ("customer_email",)}.get(kind, ())
    if _mostly(cells, _looks_like_date):
        if kind == "customers":
            return ("birthday",) if _mostly(cells, _birth_like) else ()
        return {"purchases": ("purchased_on",), "care": ("happened_at",)}[kind]
    if _mostly(cells, _looks_like_phone):
        return {"customers": ("phone", "mobile", "contact_phone"), "care": ("customer_phone",)}.get(kind, ())
    return ()


# The second column with a phone header is the mobile, and so on.
_NEXT = {"customers": {"phone": ("mobile", "contact_phone"), "mobile": ("phone", "contact_phone"),
                       "email": ("contact_email",)}}


def suggest(kind: str, headers: Sequence[Any], samples: Sequence[Sequence[Any]] = ()) -> list[str | None]:
    """One field key (or None) per column, from the headers and, for columns they leave open, the first rows."""
    if kind not in _INDEX:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    out: list[str | None] = [None] * len(headers)
    used: set[str] = set()
    open_columns = []
    for i, header in enumerate(headers):
        key, blocked = _header_field(kind, header)
        if key is not None:
            for candidate in (key, *_NEXT.get(kind, {}).get(key, ())):
                if candidate == "custom" or candidate not in used:
                    out[i] = candidate
                    used.add(candidate)
                    break
        elif not blocked:
            open_columns.append(i)
    rows = len(samples)
    for i in open_columns:
        for candidate in _content_guess(kind, _column(samples, i), rows):
            if candidate not in used:
                out[i] = candidate
                used.add(candidate)
                break
    return out


_DISTINCT = {
    "purchases": frozenset({"reference", "line_ref", "product_code", "product_name", "quantity", "unit_price",
                            "amount", "purchased_on", "currency"}),
    "care": frozenset({"care_kind", "happened_at", "outcome", "next_step", "next_due", "channel"}),
    "customers": frozenset({"surname", "given_name", "company", "title", "customer_kind", "phone", "mobile",
                            "email", "address", "city", "region", "birthday", "tier", "status", "industry",
                            "source", "credit_rating", "credit_limit", "hobbies", "family_notes",
                            "contact_name", "contact_role", "contact_phone", "contact_email", "custom"}),
}


def guess_kind(headers: Sequence[Any]) -> str:
    """'purchases' for invoice/product/quantity-like headers, 'care' for activity/time-like ones, else 'customers'."""
    score = {kind: len({_header_field(kind, h)[0] for h in headers} & _DISTINCT[kind]) for kind in KINDS}
    best = max(("purchases", "care"), key=lambda k: score[k])
    if score[best] >= 2 and score[best] > score["customers"]:
        return best
    return "customers"


def signature(headers: Sequence[Any]) -> str:
    """A stable key of a file's header row, for saved mappings.

    Order-sensitive: a saved mapping is a field per column, so a file whose columns were moved must not
    reuse it. Headers are compared normalised ('Customer Name' and 'customer_name' are the same), and
    empty headers at the end (spreadsheets often report a few) are left out.
    """
    names = [normalise(h) for h in headers]
    while names and not names[-1]:
        names.pop()
    digest = hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest()
    return f"h1-{len(names)}-{digest[:16]}"
