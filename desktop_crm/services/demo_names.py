"""Word lists for the demo data: names, places, companies and short texts in five languages.

Everything here is plain data read by :mod:`desktop_crm.services.demo`. The business behind
the demo is a supplier of coffee, tea and coffee machines to offices, cafés and hotels; its
account managers speak Chinese, Russian, Korean, Finnish and English.

Names that repeat in a list are more frequent (Иван, 李, 김 …).
"""

from __future__ import annotations

LANGS = ("zh", "ru", "ko", "fi", "en")
LANG_WEIGHTS = (34, 20, 15, 11, 20)

# (country, weight within the language, currency)
COUNTRIES = {
    "zh": (("CN", 1, "CNY"),),
    "ru": (("RU", 1, "RUB"),),
    "ko": (("KR", 1, "KRW"),),
    "fi": (("FI", 1, "EUR"),),
    "en": (("US", 3, "USD"), ("GB", 2, "GBP")),
}
# How many units of each currency one US dollar buys (for prices and gift costs), and how
# prices are rounded (in whole currency units).
RATES = {"CNY": (7.2, 1), "RUB": (90.0, 10), "KRW": (1350.0, 100), "EUR": (0.92, 0.1),
         "USD": (1.0, 0.1), "GBP": (0.79, 0.1)}

TEAM_DOMAIN = "aurora-coffee.com"


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'李 li|王 wang' -> (('李', 'li'), ('王', 'wang'))."""
    return tuple(tuple(item.strip().rsplit(" ", 1)) for item in text.split("|"))  # type: ignore[misc]


def _list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split("|"))


# --- people -----------------------------------------------------------------------------

ZH_SURNAMES = _pairs(
    "李 li|李 li|李 li|王 wang|王 wang|王 wang|张 zhang|张 zhang|张 zhang|刘 liu|刘 liu|陈 chen|陈 chen|杨 yang|"
    "杨 yang|赵 zhao|黄 huang|周 zhou|吴 wu|徐 xu|孙 sun|胡 hu|朱 zhu|高 gao|林 lin|何 he|郭 guo|马 ma|罗 luo|"
    "梁 liang|宋 song|郑 zheng|谢 xie|韩 han|唐 tang|冯 feng|于 yu|董 dong|程 cheng|曹 cao|袁 yuan|邓 deng|"
    "许 xu|沈 shen|曾 zeng|彭 peng|吕 lv|欧阳 ouyang|蒋 jiang|叶 ye"
)
ZH_GIVEN = _pairs(
    "伟 wei|芳 fang|娜 na|秀英 xiuying|敏 min|静 jing|丽 li|强 qiang|磊 lei|军 jun|洋 yang|勇 yong|艳 yan|杰 jie|"
    "娟 juan|涛 tao|明 ming|超 chao|秀兰 xiulan|霞 xia|平 ping|刚 gang|桂英 guiying|红梅 hongmei|红梅 hongmei|"
    "红 hong|晓红 xiaohong|红霞 hongxia|建红 jianhong|红英 hongying|红军 hongjun|志强 zhiqiang|建华 jianhua|"
    "建国 jianguo|海燕 haiyan|文博 wenbo|子涵 zihan|梓轩 zixuan|欣怡 xinyi|浩然 haoran|雨桐 yutong|思远 siyuan|"
    "嘉怡 jiayi|俊杰 junjie|婷婷 tingting|晓东 xiaodong|玉兰 yulan|国强 guoqiang|丽华 lihua|春梅 chunmei|"
    "德明 deming|宇航 yuhang|佳琪 jiaqi|一鸣 yiming|凤英 fengying|志明 zhiming|淑珍 shuzhen|天佑 tianyou"
)

RU_MALE = _list(
    "Иван|Иван|Иван|Иван|Иван|Алексей|Дмитрий|Сергей|Сергей|Андрей|Михаил|Николай|Владимир|Павел|Артём|"
    "Максим|Егор|Олег|Юрий|Виктор|Александр|Александр|Пётр|Геннадий|Константин|Роман|Денис|Игорь"
)
RU_FEMALE = _list(
    "Мария|Мария|Анна|Елена|Ольга|Наталья|Татьяна|Екатерина|Ирина|Светлана|Юлия|Дарья|Анастасия|Ксения|"
    "Людмила|Валентина|Галина|Марина|Вера|Полина|Алина|Софья"
)
RU_SURNAMES = _list(
    "Иванов|Иванов|Петров|Петров|Смирнов|Кузнецов|Попов|Васильев|Соколов|Михайлов|Новиков|Фёдоров|Морозов|"
    "Волков|Лебедев|Козлов|Егоров|Павлов|Степанов|Николаев|Орлов|Андреев|Макаров|Захаров|Зайцев|Соловьёв|"
    "Белов|Медведев|Левицкий|Покровский|Шевчук|Крылов|Гусев|Титов|Кравец|Борисов|Киселёв|Ершов|Голубев"
)
# male first name -> (patronymic for a son, for a daughter)
RU_PATRONYMICS = (
    ("Иванович", "Ивановна"), ("Сергеевич", "Сергеевна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
    ("Дмитриевич", "Дмитриевна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"), ("Павлович", "Павловна"), ("Юрьевич", "Юрьевна"), ("Викторович", "Викторовна"),
    ("Олегович", "Олеговна"), ("Петрович", "Петровна"), ("Александрович", "Александровна"),
    ("Геннадьевич", "Геннадьевна"), ("Борисович", "Борисовна"),
)
RU_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "«": "", "»": "", " ": "", "-": "-",
}

KO_SURNAMES = _pairs(
    "김 kim|김 kim|김 kim|김 kim|이 lee|이 lee|이 lee|박 park|박 park|최 choi|정 jung|강 kang|조 cho|윤 yoon|"
    "장 jang|임 lim|한 han|오 oh|서 seo|신 shin|권 kwon|황 hwang|안 ahn|송 song|류 ryu|홍 hong|전 jeon|고 ko"
)
KO_GIVEN = _pairs(
    "민준 minjun|민준 minjun|서연 seoyeon|지훈 jihoon|서준 seojun|하은 haeun|도윤 doyoon|지우 jiwoo|예준 yejun|"
    "수아 sua|지민 jimin|현우 hyunwoo|은지 eunji|영호 youngho|상훈 sanghoon|미경 mikyung|정희 junghee|"
    "성민 sungmin|혜진 hyejin|동현 donghyun|수진 sujin|영희 younghee|철수 cheolsu|지영 jiyoung|민서 minseo|"
    "준호 junho|유진 yujin|태현 taehyun|소희 sohee|경숙 kyungsook"
)

FI_MALE = _list(
    "Mikko|Mikko|Juha|Matti|Antti|Jukka|Timo|Kari|Pekka|Janne|Ville|Jari|Heikki|Tuomas|Lauri|Väinö|Jyrki|"
    "Olli|Esa|Sami|Tapio|Björn"
)
FI_FEMALE = _list(
    "Åsa|Åsa|Åsa|Päivi|Sanna|Kaisa|Tiina|Anna|Laura|Johanna|Minna|Riikka|Sari|Elina|Hanna|Kirsi|Sirpa|Märta|"
    "Ulla|Jenni|Heli|Outi"
)
FI_SURNAMES = _list(
    "Järvinen|Järvinen|Mäkinen|Häkkinen|Nieminen|Korhonen|Virtanen|Lehtonen|Hämäläinen|Mäkelä|Heikkinen|"
    "Koskinen|Laine|Lehtinen|Kärkkäinen|Räsänen|Lindström|Åberg|Sjöberg|Björklund|Söderholm|Ström|Salminen|"
    "Väisänen|Jääskeläinen|Pöllänen|Kallio|Aaltonen"
)

EN_MALE = _list(
    "James|John|Robert|Michael|David|William|Richard|Thomas|Daniel|Matthew|Oliver|George|Harry|Christopher|"
    "Andrew|Paul|Mark|Steven"
)
EN_FEMALE = _list(
    "Mary|Patricia|Jennifer|Linda|Elizabeth|Sarah|Emily|Jessica|Emma|Olivia|Sophie|Charlotte|Rachel|Laura|"
    "Hannah|Karen|Susan|Amy"
)
EN_SURNAMES = _list(
    "Smith|Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Anderson|Thomas|Moore|Jackson|White|"
    "Harris|Clark|Lewis|Walker|Hall|Young|Evans|Roberts|Wright|Hughes|O'Brien|Campbell|Murphy|Cooper|Turner"
)

# --- places -------------------------------------------------------------------------------
# (city, region, landline area code as dialled at home, weight, [districts])

CN_CITIES = (
    ("上海", "上海市", "021", 6, ("浦东新区", "徐汇区", "静安区", "闵行区", "长宁区")),
    ("北京", "北京市", "010", 6, ("朝阳区", "海淀区", "东城区", "丰台区", "西城区")),
    ("广州", "广东省", "020", 4, ("天河区", "越秀区", "海珠区", "番禺区")),
    ("深圳", "广东省", "0755", 4, ("南山区", "福田区", "罗湖区", "宝安区", "龙岗区")),
    ("杭州", "浙江省", "0571", 3, ("西湖区", "上城区", "滨江区", "拱墅区")),
    ("成都", "四川省", "028", 3, ("武侯区", "锦江区", "青羊区", "高新区")),
    ("武汉", "湖北省", "027", 2, ("江汉区", "武昌区", "洪山区", "汉阳区")),
    ("南京", "江苏省", "025", 2, ("鼓楼区", "玄武区", "秦淮区", "建邺区")),
    ("苏州", "江苏省", "0512", 2, ("姑苏区", "工业园区", "吴中区")),
    ("西安", "陕西省", "029", 2, ("雁塔区", "碑林区", "未央区", "新城区")),
    ("哈尔滨", "黑龙江省", "0451", 1, ("南岗区", "道里区", "香坊区")),
)
CN_CITY_PINYIN = {"上海": "sh", "北京": "bj", "广州": "gz", "深圳": "sz", "杭州": "hz", "成都": "cd", "武汉": "wh",
                  "南京": "nj", "苏州": "suzhou", "西安": "xa", "哈尔滨": "hrb"}
CN_STREETS = _list("人民路|解放路|中山路|建设路|和平路|长江路|南京路|延安路|文化路|新华路|青年路|朝阳路|迎宾大道|"
                   "科技园路|幸福街|东风路|滨江大道|学院路")

RU_CITIES = (
    ("Москва", "Москва", ("495", "499"), 8, ()),
    ("Санкт-Петербург", "Санкт-Петербург", ("812",), 5, ()),
    ("Новосибирск", "Новосибирская область", ("383",), 2, ()),
    ("Екатеринбург", "Свердловская область", ("343",), 2, ()),
    ("Казань", "Республика Татарстан", ("843",), 2, ()),
    ("Нижний Новгород", "Нижегородская область", ("831",), 1, ()),
    ("Самара", "Самарская область", ("846",), 1, ()),
    ("Краснодар", "Краснодарский край", ("861",), 1, ()),
    ("Владивосток", "Приморский край", ("423",), 1, ()),
)
RU_STREETS = _list("ул. Ленина|ул. Советская|ул. Мира|пр. Победы|ул. Гагарина|ул. Пушкина|ул. Садовая|"
                   "Невский пр.|ул. Кирова|ул. Лесная|ул. Молодёжная|Тверская ул.|ул. Чехова|наб. Фонтанки")

KR_CITIES = (
    ("서울", "서울특별시", ("02",), 8, ("강남구", "서초구", "마포구", "종로구", "송파구", "영등포구")),
    ("부산", "부산광역시", ("051",), 3, ("해운대구", "부산진구", "동래구")),
    ("인천", "인천광역시", ("032",), 2, ("연수구", "남동구", "부평구")),
    ("대구", "대구광역시", ("053",), 2, ("수성구", "중구", "달서구")),
    ("대전", "대전광역시", ("042",), 1, ("유성구", "서구")),
    ("광주", "광주광역시", ("062",), 1, ("서구", "북구")),
    ("수원", "경기도", ("031",), 2, ("영통구", "팔달구")),
    ("성남", "경기도", ("031",), 2, ("분당구", "수정구")),
    ("울산", "울산광역시", ("052",), 1, ("남구", "중구")),
)
KR_STREETS = _list("테헤란로|세종대로|중앙로|해운대로|올림픽로|판교역로|경수대로|동대구로|월드컵북로|"
                   "을지로|강남대로|광복로|둔산로")

FI_CITIES = (
    ("Helsinki", "Uusimaa", ("09",), 6, ("00100", "00180", "00250", "00510", "00700")),
    ("Espoo", "Uusimaa", ("09",), 3, ("02100", "02150", "02600")),
    ("Tampere", "Pirkanmaa", ("03",), 3, ("33100", "33200", "33500")),
    ("Turku", "Varsinais-Suomi", ("02",), 2, ("20100", "20500", "20700")),
    ("Oulu", "Pohjois-Pohjanmaa", ("08",), 2, ("90100", "90500")),
    ("Jyväskylä", "Keski-Suomi", ("014",), 1, ("40100", "40320")),
    ("Kuopio", "Pohjois-Savo", ("017",), 1, ("70100", "70500")),
    ("Lahti", "Päijät-Häme", ("03",), 1, ("15100", "15140")),
    ("Vaasa", "Pohjanmaa", ("06",), 1, ("65100", "65200")),
    ("Rovaniemi", "Lappi", ("016",), 1, ("96100", "96200")),
)
FI_STREETS = _list("Mannerheimintie|Hämeenkatu|Aleksanterinkatu|Kauppakatu|Puistokatu|Rantatie|Koulukatu|"
                   "Kirkkokatu|Satamakatu|Länsiväylä|Yliopistonkatu|Pohjoisesplanadi|Isokatu|Väinönkatu")

US_CITIES = (
    ("New York", "NY", ("212", "646", "718"), 5, ()),
    ("Chicago", "IL", ("312", "773"), 3, ()),
    ("Los Angeles", "CA", ("213", "310", "323"), 4, ()),
    ("Houston", "TX", ("713", "832"), 2, ()),
    ("Seattle", "WA", ("206",), 2, ()),
    ("Boston", "MA", ("617",), 2, ()),
    ("Atlanta", "GA", ("404", "678"), 1, ()),
    ("Denver", "CO", ("303", "720"), 1, ()),
    ("San Francisco", "CA", ("415",), 2, ()),
)
US_STREETS = _list("Main St|Oak Ave|Maple Dr|Park Ave|Broadway|Elm St|Washington Blvd|Lake Shore Dr|"
                   "Pine St|Cedar Ln|Market St|5th Ave|Sunset Blvd")

# GB area code (national, without the 0) and the length of the local part
GB_CITIES = (
    ("London", "Greater London", ("20",), 6, ()),
    ("Manchester", "Greater Manchester", ("161",), 3, ()),
    ("Birmingham", "West Midlands", ("121",), 3, ()),
    ("Leeds", "West Yorkshire", ("113",), 2, ()),
    ("Glasgow", "Scotland", ("141",), 2, ()),
    ("Edinburgh", "Scotland", ("131",), 2, ()),
    ("Bristol", "Bristol", ("117",), 1, ()),
    ("Cardiff", "Wales", ("29",), 1, ()),
)
GB_STREETS = _list("High Street|Station Road|Church Lane|Victoria Road|Green Lane|Manor Road|Park Road|"
                   "Queen Street|King's Road|Mill Lane|The Crescent|Albert Road")

CN_MOBILE_PREFIXES = _list("130|131|132|133|135|136|137|138|139|150|151|152|155|156|157|158|159|180|181|182|"
                           "183|185|186|187|188|189|177|199|166")
RU_MOBILE_PREFIXES = _list("903|905|906|909|910|912|915|916|917|919|921|922|925|926|929|950|951|960|961|977|"
                           "985|999|911|964")
FI_MOBILE_PREFIXES = _list("40|40|50|50|44|45|41|46")
GB_MOBILE_PREFIXES = _list("7711|7723|7745|7766|7788|7799|7812|7825|7841|7866|7877|7922|7944|7958|"
                           "7967|7984|7401|7432|7455|7501|7534|7562")
# first digits of local numbers that are in use, per UK area code
GB_FIRST_DIGITS = {"20": "3778", "161": "2345678", "121": "234567", "113": "2345", "141": "2345678",
                   "131": "2345678", "117": "2349", "29": "2"}

EMAIL_DOMAINS = {
    "zh": _list("163.com|163.com|126.com|sina.com|foxmail.com|139.com|gmail.com"),
    "ru": _list("mail.ru|mail.ru|yandex.ru|yandex.ru|gmail.com|bk.ru|list.ru|rambler.ru|inbox.ru"),
    "ko": _list("naver.com|naver.com|daum.net|hanmail.net|gmail.com|kakao.com|nate.com"),
    "fi": _list("gmail.com|gmail.com|outlook.com|hotmail.com|luukku.com|elisanet.fi|kolumbus.fi"),
    "US": _list("gmail.com|gmail.com|yahoo.com|outlook.com|icloud.com|aol.com|hotmail.com"),
    "GB": _list("gmail.com|gmail.com|outlook.com|hotmail.co.uk|btinternet.com|yahoo.co.uk|icloud.com"),
}

# --- companies ----------------------------------------------------------------------------
# brand words (text, ascii), trade words (text, industry, ascii)

ZH_BRANDS = _pairs("红星 hongxing|华瑞 huarui|金鹏 jinpeng|恒达 hengda|东方 dongfang|宏远 hongyuan|新华 xinhua|"
                   "长城 changcheng|鑫源 xinyuan|天成 tiancheng|瑞丰 ruifeng|永盛 yongsheng|红日 hongri|嘉禾 jiahe|"
                   "盛世 shengshi|海天 haitian|明辉 minghui|九州 jiuzhou|红旗 hongqi|锦程 jincheng")
ZH_TRADES = (
    ("贸易", "批发贸易", "trade"), ("科技", "信息技术", "tech"), ("电子", "电子制造", "elec"),
    ("食品", "食品加工", "food"), ("建材", "建筑材料", "jc"), ("物流", "物流运输", "logistics"),
    ("餐饮管理", "餐饮", "catering"), ("文化传媒", "广告传媒", "media"), ("医疗器械", "医疗器械", "med"),
    ("机械设备", "机械制造", "machinery"), ("酒店管理", "酒店", "hotel"), ("咖啡", "咖啡连锁", "coffee"),
    ("商贸", "零售", "sm"), ("教育咨询", "教育培训", "edu"),
)
RU_BRANDS = _list("Север|Восток|Альфа|Техснаб|Стройинвест|Уралметалл|Сибирь|Волга|Меридиан|Гранит|Ладога|"
                  "Кедр|Вектор|Орион|Аврора|Спектр|Полюс|Промресурс|Балтика|Невский|Самоцвет|Прогресс")
RU_TRADES = (
    ("", "Оптовая торговля"), ("-Сервис", "Услуги"), ("-Трейд", "Оптовая торговля"), ("-Строй", "Строительство"),
    ("-Логистик", "Логистика"), ("-Фуд", "Общественное питание"), ("-Мед", "Медицина"), ("-Отель", "Гостиничный бизнес"),
    ("-Пром", "Производство"), ("-Софт", "IT"),
)
RU_FORMS = _list("ООО|ООО|ООО|ООО|АО|ООО ТД|ПАО")
KO_BRANDS = _pairs("한빛 hanbit|대성 daesung|세진 sejin|미래 mirae|동양 dongyang|청솔 chungsol|새한 saehan|"
                   "금강 kumkang|태양 taeyang|우성 woosung|신영 shinyoung|삼호 samho|해오름 haeorum|푸른 pureun|"
                   "한결 hangyeol|다온 daon")
KO_TRADES = (
    ("산업", "제조업", "ind"), ("전자", "제조업", "elec"), ("물산", "도소매", "trading"), ("상사", "도소매", "corp"),
    ("테크", "IT", "tech"), ("식품", "요식업", "food"), ("건설", "건설", "const"), ("유통", "물류", "dist"),
    ("무역", "도소매", "trade"), ("커피", "카페", "coffee"), ("호텔", "호텔업", "hotel"),
)
FI_WORDS = _list("Järvi|Koivu|Kallio|Mänty|Tunturi|Revontuli|Aalto|Saimaa|Kuusi|Vuori|Lähde|Pohjola|Kivi|Ilves|Sampo")
FI_PLACES = _list("Pohjolan|Lapin|Suomen|Hämeen|Savon|Karjalan|Pirkanmaan|Uudenmaan|Länsi-Suomen|Pohjanmaan")
FI_TRADES = (
    ("Kauppa", "Vähittäiskauppa"), ("Puu", "Teollisuus"), ("Tekniikka", "Teollisuus"),
    ("Kahvipalvelu", "Kahvila"), ("Rakennus", "Rakentaminen"), ("Logistiikka", "Logistiikka"),
    ("Elintarvike", "Tukkukauppa"), ("Konepaja", "Teollisuus"), ("Sähkö", "Rakentaminen"),
    ("Ravintolat", "Ravintola-ala"), ("Hotellit", "Hotelli"), ("IT-palvelut", "IT-palvelut"),
)
EN_WORDS = _list("Acme|Northwind|Bluebird|Summit|Redwood|Pioneer|Evergreen|Silverline|Keystone|Crown|Oakwood|"
                 "Riverside|Brightwater|Lakeside|Granite|Harbour|Meadow|Beacon")
EN_TRADES = (
    ("Supplies", "Wholesale"), ("Trading", "Wholesale"), ("Logistics", "Logistics"), ("Foods", "Restaurants"),
    ("Engineering", "Manufacturing"), ("Coffee Roasters", "Coffee shop"), ("Office Solutions", "IT services"),
    ("Hospitality Group", "Hospitality"), ("Retail", "Retail"), ("Dental Care", "Healthcare"),
    ("Builders", "Construction"), ("Legal", "Legal services"),
)
EN_FORMS = {"US": _list("Inc.|LLC|LLC|Corp."), "GB": _list("Ltd|Ltd|Ltd|PLC")}

# --- descriptive vocabularies -------------------------------------------------------------

INDUSTRIES = {
    "zh": _list("餐饮|零售|酒店|制造业|物流运输|教育培训|医疗|房地产|金融|互联网|批发贸易|咖啡馆|律师事务所|设计工作室"),
    "ru": _list("Розничная торговля|Общественное питание|Гостиничный бизнес|Производство|Логистика|Образование|"
                "Медицина|Строительство|IT|Оптовая торговля|Юридические услуги|Кофейня"),
    "ko": _list("요식업|소매업|호텔업|제조업|물류|교육|의료|건설|IT|도소매|카페|법률 서비스"),
    "fi": _list("Vähittäiskauppa|Ravintola-ala|Hotelli|Teollisuus|Logistiikka|Koulutus|Terveydenhuolto|"
                "Rakentaminen|IT-palvelut|Tukkukauppa|Kahvila|Lakipalvelut"),
    "en": _list("Retail|Hospitality|Restaurants|Manufacturing|Logistics|Education|Healthcare|Construction|"
                "IT services|Wholesale|Legal services|Coffee shop"),
}
PURPOSES = {
    "zh": _list("办公室咖啡|门店出品|会议接待|员工福利|酒店早餐|客户礼品|自用"),
    "ru": _list("Кофе для офиса|Продажа в кофейне|Угощение для гостей|Бонус для сотрудников|Завтраки в отеле|"
                "Подарки клиентам|Для себя"),
    "ko": _list("사무실 커피|매장 판매|손님 접대|직원 복지|호텔 조식|거래처 선물|개인용"),
    "fi": _list("Toimistokahvi|Kahvilan myynti|Asiakastarjoilu|Henkilöstöetu|Hotelliaamiainen|Asiakaslahjat|"
                "Omaan käyttöön"),
    "en": _list("Office coffee|Café resale|Client hospitality|Staff perk|Hotel breakfast|Client gifts|Personal use"),
}
SOURCES = {
    "zh": _list("展会|老客户介绍|官网咨询|电话营销|微信公众号|地推拜访|百度搜索|朋友推荐"),
    "ru": _list("Выставка|Рекомендация клиента|Сайт|Холодный звонок|Яндекс|Соцсети|Конференция"),
    "ko": _list("전시회|기존 고객 소개|홈페이지 문의|텔레마케팅|네이버 검색|인스타그램|지인 추천"),
    "fi": _list("Messut|Asiakkaan suosittelu|Verkkosivut|Puhelinmyynti|Google-haku|LinkedIn|Tuttavan suositus"),
    "en": _list("Trade show|Customer referral|Website enquiry|Cold call|Google search|LinkedIn|Word of mouth"),
}
TITLES = {
    "zh": _list("店长|老板|行政主管|办公室主任|设计师|律师|医生|教师|自由职业者|咖啡馆主理人"),
    "ru": _list("Директор|Владелец|Офис-менеджер|Администратор|Бухгалтер|Менеджер по закупкам|Шеф-повар|Юрист|Врач"),
    "ko": _list("대표|점장|총무팀장|실장|과장|부장|원장|사장"),
    "fi": _list("Toimitusjohtaja|Yrittäjä|Myymäläpäällikkö|Toimistopäällikkö|Ostaja|Ravintolapäällikkö|Kahvilayrittäjä"),
    "en": _list("Owner|Office Manager|Store Manager|Director|Head Chef|Purchasing Manager|Practice Manager|Consultant"),
}
# the first role is the boss
ROLES = {
    "zh": _list("总经理|采购经理|行政经理|财务主管|店长|办公室主任|副总经理|前台"),
    "ru": _list("Генеральный директор|Менеджер по закупкам|Главный бухгалтер|Офис-менеджер|Заместитель директора|"
                "Управляющий|Завхоз"),
    "ko": _list("대표이사|구매팀장|총무과장|경리 담당|점장|이사|실장"),
    "fi": _list("Toimitusjohtaja|Ostopäällikkö|Talouspäällikkö|Toimistopäällikkö|Ravintolapäällikkö|"
                "Hallinnon assistentti"),
    "en": _list("Managing Director|Purchasing Manager|Finance Manager|Office Manager|Operations Director|"
                "Facilities Coordinator|Store Manager"),
}
# how an extension is written after the switchboard number (None: contacts get direct lines instead)
EXTENSION = {"zh": None, "ru": " доб. {}", "ko": None, "fi": None, "en": " ext. {}"}

HOBBIES = {
    "zh": _list("喜欢钓鱼，周末常去千岛湖。|爱喝普洱茶，办公室里有一套茶具。|热爱跑步，参加过上海马拉松。|"
                "喜欢打羽毛球，每周三晚上固定打球。|爱好书法，办公室挂着自己写的字。|喜欢摄影，朋友圈经常发风景照。|"
                "是球迷，每场国家队比赛都看。|喜欢做饭，尤其拿手川菜。|周末常带孩子去爬山。|喜欢下围棋，业余五段。|"
                "爱听京剧。|喜欢旅游，去过二十多个国家。|养了一只金毛，经常聊起它。|喜欢收藏紫砂壶。|"
                "热衷于研究咖啡，自己在家手冲。"),
    "ru": _list("Увлекается рыбалкой, каждые выходные на Волге.|Любит баню и хороший чай.|"
                "Болеет за «Зенит», ходит на все домашние матчи.|Играет в шахматы, кандидат в мастера спорта.|"
                "Каждую зиму ездит в Шерегеш кататься на лыжах.|Собирает виниловые пластинки.|"
                "Много читает, любит Чехова.|Ходит в походы с семьёй.|Выращивает розы на даче.|"
                "Любит готовить плов.|Занимается бегом, готовится к полумарафону.|Фотографирует природу.|"
                "Поёт в хоре.|Коллекционирует турки для кофе."),
    "ko": _list("주말마다 골프를 침.|등산을 좋아해서 북한산에 자주 감.|야구 팬, 두산 베어스 응원.|와인에 관심이 많음.|"
                "낚시를 즐김.|사진 찍는 것을 좋아함.|요리를 잘 하고 특히 한식 좋아함.|바둑 아마 5단.|"
                "클래식 음악 애호가.|반려견과 산책이 취미.|마라톤 완주 경험 있음.|캠핑을 자주 다님.|"
                "핸드드립 커피를 직접 내려 마심."),
    "fi": _list("Kalastaa kesäisin mökillä.|Hiihtää talvisin Lapissa.|Saunoo joka ilta.|Pelaa sählyä torstaisin.|"
                "Kova jääkiekkofani, kannattaa Tapparaa.|Harrastaa marjastusta ja sienestystä.|"
                "Lukee paljon dekkareita.|Laulaa kuorossa.|Juoksee maratoneja.|Neuloo villasukkia.|"
                "Purjehtii saaristossa.|Kerää vinyylilevyjä.|Paahtaa kahvia itse kotona."),
    "en": _list("Plays golf most Saturdays.|Keen cyclist, rides to work year-round.|"
                "Never misses a home game of the local team.|Runs half-marathons.|"
                "Loves gardening, grows prize-winning roses.|Into craft beer and home brewing.|Sails on weekends.|"
                "Collects vinyl records.|Walks the dog every morning before work.|Amateur photographer.|"
                "Cooks Italian food for the family.|Plays in a local jazz band.|Roasts coffee at home."),
}
PERSONALITY = {
    "zh": _list("性格爽快，说话直接，不喜欢绕弯子。|做事细致，合同条款会逐条确认。|比较谨慎，新产品要先试用再决定。|"
                "很讲人情，重视长期合作关系。|对价格敏感，每次都要比价。|守时，最讨厌迟到。|"
                "比较内向，更喜欢微信沟通而不是电话。|决策快，但需要详细的书面报价。|"
                "为人热情，每次拜访都会留我们吃饭。|注重品质，愿意为好产品多花钱。|脾气急，问题要当天回复。"),
    "ru": _list("Человек прямой, не любит долгих разговоров.|Ценит пунктуальность, опозданий не прощает.|"
                "Осторожно относится к новинкам, берёт только после пробы.|"
                "Ценит личные отношения, всегда спрашивает про семью.|Торгуется за каждую копейку.|"
                "Решения принимает быстро, но просит всё в письменном виде.|"
                "Предпочитает переписку в Telegram, а не звонки.|С чувством юмора, любит пошутить.|"
                "Качество важнее цены.|Вопросы нужно решать в тот же день, иначе сердится."),
    "ko": _list("성격이 시원시원하고 직설적.|꼼꼼해서 계약 조건을 하나하나 확인함.|신중한 편, 신제품은 먼저 써보고 결정.|"
                "정이 많고 오래된 관계를 중시.|가격에 민감함.|시간 약속을 매우 중요하게 여김.|전화보다 카톡을 선호.|"
                "결정이 빠르지만 서면 견적 요구.|방문하면 늘 식사를 대접하려 함.|품질을 중시, 좋은 제품엔 돈을 아끼지 않음."),
    "fi": _list("Suora ja asiallinen, ei turhia puheita.|Tarkka, lukee sopimukset huolella.|"
                "Varovainen, kokeilee uutuudet ensin.|Arvostaa pitkää yhteistyötä.|Hintatietoinen, vertailee aina.|"
                "Täsmällinen, myöhästely ärsyttää.|Hiljainen, hoitaa asiat mieluiten sähköpostilla.|"
                "Tekee päätökset nopeasti.|Lämmin ja vieraanvarainen, aina kahvit tarjolla.|Laatu ennen hintaa."),
    "en": _list("Direct and to the point.|Detail-oriented, reads every clause.|"
                "Cautious; wants a trial before committing.|Values long-term relationships.|Very price-sensitive.|"
                "Punctual; hates being kept waiting.|Prefers email to phone calls.|"
                "Decides quickly but wants everything in writing.|Warm and welcoming, always offers coffee.|"
                "Quality over price."),
}
FAMILY = {
    "zh": _list("已婚，有一个女儿在读初中。|儿子今年高考。|父母住在老家，每年春节回去。|爱人是中学老师。|刚有了二胎。|"
                "女儿在英国留学。|和父母住在一起。|孙子刚上幼儿园。|家里有两个孩子，一儿一女。|"
                "父亲身体不太好，最近常跑医院。"),
    "ru": _list("В семье двое детей.|Дочь учится в МГУ.|Сын недавно женился.|Недавно появились внуки.|"
                "Родители живут в Твери, часто их навещает.|Есть собака, лабрадор по кличке Бим.|"
                "Дети-близнецы пошли в первый класс.|Внуки всё лето гостят на даче.|Старший сын работает в Москве.|"
                "Семья большая, три поколения живут вместе."),
    "ko": _list("기혼, 자녀 둘.|딸이 서울에서 대학 다님.|아들이 최근 결혼함.|얼마 전 손주가 태어남.|배우자는 간호사.|"
                "부모님이 대구에 계셔서 자주 내려감.|반려견(진돗개)을 키움.|쌍둥이가 올해 초등학교 입학.|"
                "첫째가 곧 수능.|3대가 함께 삶."),
    "fi": _list("Naimisissa, kaksi lasta.|Tytär opiskelee Jyväskylässä.|Poika meni juuri naimisiin.|"
                "Tuli hiljattain isovanhemmaksi.|Puoliso on sairaanhoitaja.|Vanhemmat asuvat Kuopiossa.|"
                "Perheessä on koira, Musti.|Kaksoset aloittivat koulun.|Mökki Saimaan rannalla, kesät siellä.|"
                "Esikoinen täyttää pian 18."),
    "en": _list("Married with two kids.|Daughter is at university in Edinburgh.|Son just got married.|"
                "Recently became a grandparent.|Partner is a nurse.|Parents live nearby; visits every Sunday.|"
                "Has a Labrador called Max.|Twins started school this year.|Expecting their first child in spring.|"
                "Looks after an elderly mother."),
}
NOTES = {
    "zh": _list("发票抬头写公司全称。|送货请提前一天电话确认。|周一上午不方便接电话。|只接受月结。|"
                "介绍过两个新客户给我们。|午休时间不要打电话。"),
    "ru": _list("Счета выставлять на юрлицо.|Доставку согласовывать за день.|В понедельник утром не звонить.|"
                "Работает только по постоплате.|По рекомендации клиента пришли двое новых.|"
                "Обед с 13 до 14, в это время не звонить."),
    "ko": _list("세금계산서는 법인명으로 발행.|배송 전날 전화 확인 필수.|월요일 오전엔 통화 어려움.|월말 정산만 가능.|"
                "신규 고객 두 곳을 소개해 줌.|점심시간 통화 자제."),
    "fi": _list("Laskut yrityksen nimellä.|Toimituksista soitettava edellisenä päivänä.|"
                "Maanantaiaamuisin ei kannata soittaa.|Maksuehto 30 pv netto.|"
                "Suositteli meitä kahdelle uudelle asiakkaalle.|Lounasaikaan ei soittoja."),
    "en": _list("Invoices to the company's full legal name.|Call a day before delivery.|"
                "Don't call on Monday mornings.|Net 30 terms only.|Referred two new customers to us.|"
                "Avoid calls over lunch."),
}
CONTACT_NOTES = {
    "zh": _list("喜欢微信沟通。|负责签字付款。|新来的，还在熟悉业务。|原来在竞争对手公司工作。"),
    "ru": _list("Удобнее писать в Telegram.|Подписывает платёжки.|Новый сотрудник, пока вникает.|"
                "Ранее — сотрудник конкурента."),
    "ko": _list("카톡 선호.|결재 권한 있음.|신입, 업무 파악 중.|경쟁사 출신."),
    "fi": _list("Toivoo yhteydenottoja sähköpostilla.|Hyväksyy laskut.|Uusi työntekijä, vielä perehtymässä.|"
                "Tuli kilpailijalta."),
    "en": _list("Prefers email.|Signs off invoices.|New in the role, still finding their feet.|"
                "Used to work for a competitor."),
}
LEFT_NOTE = {
    "zh": "已离职，业务交接给新同事。", "ru": "Больше не работает в компании, дела переданы преемнику.",
    "ko": "퇴사, 후임에게 인계.", "fi": "Lähtenyt yrityksestä, tehtävät siirretty seuraajalle.",
    "en": "Left the company; handed over to successor.",
}
HANDOVER_NOTE = {
    "zh": "原负责人调岗，客户移交。", "ru": "Передан от предыдущего менеджера (перевод в другой отдел).",
    "ko": "담당자 변경 (전임자 부서 이동).", "fi": "Siirretty edelliseltä myyjältä.",
    "en": "Handed over from the previous account manager.",
}
SECONDARY_NOTE = {
    "zh": "协助跟进技术问题。", "ru": "Помогает по техническим вопросам.", "ko": "기술 지원 담당.",
    "fi": "Tekninen tuki.", "en": "Backs up on technical questions.",
}
CHANNELS = {
    "zh": ("phone", "phone", "wechat", "wechat", "wechat", "email", "sms"),
    "ru": ("phone", "phone", "phone", "telegram", "telegram", "whatsapp", "email"),
    "ko": ("phone", "phone", "kakaotalk", "kakaotalk", "kakaotalk", "email", "sms"),
    "fi": ("phone", "phone", "email", "email", "whatsapp", "teams"),
    "en": ("phone", "phone", "email", "email", "teams", "whatsapp"),
}

# --- products -----------------------------------------------------------------------------
# (code, price in USD, weight for an order line, typical quantity for a person, for a company,
#  names in zh, ru, ko, fi, en)
PRODUCTS = (
    ("P-1001", 24, 30, 2, 10, "意式拼配咖啡豆 1kg", "Кофе в зёрнах «Эспрессо», 1 кг", "에스프레소 블렌드 원두 1kg",
     "Espresso-kahvipavut 1 kg", "Espresso blend beans 1 kg"),
    ("P-1002", 32, 14, 1, 6, "云南小粒咖啡豆 1kg", "Арабика моносорт, 1 кг", "싱글오리진 아라비카 원두 1kg",
     "Arabica-kahvipavut, yksi alkuperä 1 kg", "Single-origin arabica beans 1 kg"),
    ("P-1003", 18, 12, 2, 8, "挂耳咖啡 50包", "Дрип-пакеты, 50 шт.", "드립백 커피 50개입",
     "Suodatinpussikahvi 50 kpl", "Drip coffee bags, box of 50"),
    ("P-1004", 28, 8, 1, 4, "西湖龙井礼盒", "Зелёный чай, подарочная упаковка", "녹차 선물세트",
     "Vihreä tee lahjapakkaus", "Green tea gift box"),
    ("P-1005", 45, 10, 1, 4, "纸杯 250ml（1000只）", "Стаканы бумажные 250 мл, 1000 шт.", "종이컵 250ml 1000개",
     "Kertakäyttökupit 250 ml, 1000 kpl", "Paper cups 250 ml, case of 1000"),
    ("P-1006", 38, 7, 1, 2, "净水滤芯", "Картридж водяного фильтра", "정수 필터 카트리지",
     "Vedensuodatinpatruuna", "Water filter cartridge"),
    ("P-1007", 15, 5, 1, 3, "除垢剂套装", "Набор для удаления накипи", "석회 제거제 세트",
     "Kalkinpoistosarja", "Descaling kit"),
    ("P-1008", 65, 2, 1, 1, "电动奶泡机", "Вспениватель молока", "우유 거품기", "Maidonvaahdotin", "Milk frother"),
    ("P-1009", 1450, 0.4, 1, 1, "商用意式咖啡机", "Кофемашина для офиса", "사무실용 에스프레소 머신",
     "Toimiston espressokone", "Office espresso machine"),
    ("P-1010", 2900, 0.2, 1, 1, "全自动咖啡机", "Автоматическая кофемашина", "전자동 커피머신",
     "Täysautomaattinen kahvikone", "Bean-to-cup coffee machine"),
    ("P-1011", 480, 1, 1, 1, "年度维保服务", "Годовое сервисное обслуживание", "연간 유지보수 계약",
     "Vuosihuoltosopimus", "Annual maintenance contract"),
    ("P-1012", 220, 0.6, 1, 1, "咖啡师培训（半天）", "Обучение бариста (полдня)", "바리스타 교육 (반나절)",
     "Baristakoulutus (puoli päivää)", "Barista training, half day"),
    ("P-1013", 42, 4, 1, 2, "咖啡糖浆套装（6瓶）", "Набор сиропов, 6 бутылок", "커피 시럽 세트 (6병)",
     "Siirappisarja, 6 pulloa", "Syrup set, 6 bottles"),
    ("P-1014", 14, 5, 1, 5, "热巧克力粉 1kg", "Горячий шоколад, 1 кг", "핫초코 파우더 1kg", "Kaakaojauhe 1 kg",
     "Hot chocolate powder 1 kg"),
    ("P-1015", 95, 0.8, 1, 1, "磨豆机刀盘", "Жернова для кофемолки", "그라인더 날 세트", "Kahvimyllyn terät",
     "Grinder burr set"),
    ("P-1016", 150, 0.4, 1, 1, "安装调试服务", "Установка и настройка", "설치 및 세팅 서비스",
     "Asennus ja käyttöönotto", "Installation and setup"),
)

# --- care events --------------------------------------------------------------------------
# kind -> [(summary, outcome, next step or None)]; "{p}" is a product name. Greetings carry
# the holiday they belong to as a fourth element.

CARE = {
    "zh": {
        "call": (
            ("电话回访，了解{p}的使用情况。", "客户反馈不错，口感稳定。", "下个月再跟进补货。"),
            ("询问{p}的库存，提醒按周期补货。", "客户说还够用两周。", "两周后再打电话确认订单。"),
            ("通知新季度价格调整。", "客户表示理解，希望保持原价到月底。", "发送新报价单。"),
            ("跟进上次报价。", "客户还在比价，下周给答复。", "下周二再联系。"),
            ("电话确认下周的送货时间。", "约定周四上午送货。", None),
            ("客户来电咨询{p}。", "已介绍规格和价格，客户有兴趣。", "寄送样品。"),
            ("年底对账电话。", "账目核对一致。", None),
            ("电话邀请参加新品品鉴会。", "客户答应参加。", "会前一天发提醒。"),
        ),
        "visit": (
            ("上门拜访，检查咖啡机运行情况。", "机器正常，建议更换滤芯。", "下次送货时带滤芯。"),
            ("拜访采购负责人，介绍新品{p}。", "对方要求试用两周。", "安排试用装送货。"),
            ("到店拜访，顺便做了一次咖啡师培训。", "员工反馈很有帮助。", None),
            ("与老板面谈明年的合作计划。", "初步同意年度框架协议。", "起草合同发给客户审阅。"),
            ("陪同技术人员上门维修。", "更换了磨豆机刀盘，问题解决。", None),
            ("拜访新任行政经理，建立联系。", "对方了解了我们的服务内容。", "一周后电话回访。"),
        ),
        "greeting": (
            ("春节前发送拜年祝福。", "客户回复感谢，祝我们新年快乐。", None, "spring"),
            ("中秋节发送节日问候。", "客户表示感谢。", None, "midautumn"),
            ("端午节问候，顺便提醒节后订货。", "客户说节后补货。", "节后第一周联系。", "dragon"),
            ("元旦发送新年贺卡。", "客户已读。", None, "newyear"),
        ),
        "congratulation": (
            ("祝贺客户新店开业。", "送了花篮，老板很高兴。", None),
            ("祝贺公司成立十周年。", "客户很感动。", None),
            ("得知客户升职，发消息祝贺。", "客户回复感谢。", None),
            ("祝贺客户孩子考上大学。", "客户很开心，聊了很久。", None),
        ),
        "gift": (
            ("送上中秋月饼礼盒。", "客户很喜欢。", None),
            ("生日送了一套茶具。", "客户专门打电话道谢。", None),
            ("春节送了一箱水果。", "已签收。", None),
            ("给客户送去新品咖啡豆试饮装。", "客户说下次订货会加上。", "两周后回访口感。"),
        ),
        "help": (
            ("客户咖啡机故障，远程指导排查。", "重启后恢复正常。", None),
            ("帮客户推荐了一位靠谱的装修师傅。", "客户非常感谢。", None),
            ("协助客户整理发票和对账单。", "问题解决。", None),
            ("帮客户加急调货应对周末活动。", "按时送达。", None),
        ),
        "complaint_follow_up": (
            ("回访投诉处理结果。", "客户对处理结果满意。", None),
            ("跟进送货延误投诉。", "已补发，客户表示理解。", "下次送货前提前确认。"),
            ("电话致歉并说明改进措施。", "客户接受道歉。", None),
        ),
        "other": (
            ("更新客户联系方式。", "已核对新电话。", None),
            ("寄送新版产品目录。", "已签收。", None),
        ),
    },
    "ru": {
        "call": (
            ("Звонок клиенту: как расходуется {p}.", "Клиент доволен, вкус стабильный.", "Через месяц напомнить о дозаказе."),
            ("Проверка остатков: {p}.", "Хватит примерно на две недели.", "Перезвонить через две недели и принять заказ."),
            ("Информирование о новых ценах с начала квартала.", "Клиент просит сохранить старую цену до конца месяца.",
             "Отправить новый прайс-лист."),
            ("Звонок по нашему коммерческому предложению.", "Клиент сравнивает с конкурентами, ответ на следующей неделе.",
             "Позвонить во вторник."),
            ("Согласование времени доставки.", "Доставка в четверг до обеда.", None),
            ("Входящий звонок: вопрос про {p}.", "Рассказали о характеристиках и цене, клиент заинтересован.",
             "Отправить образцы."),
            ("Сверка взаиморасчётов за год.", "Расхождений нет.", None),
            ("Приглашение на дегустацию новинок.", "Клиент обещал прийти.", "Накануне отправить напоминание."),
        ),
        "visit": (
            ("Выезд к клиенту, проверка кофемашины.", "Всё работает, скоро менять фильтр.",
             "Привезти фильтр со следующей поставкой."),
            ("Встреча с закупщиком, презентация: {p}.", "Попросили тестовый период две недели.",
             "Организовать доставку пробной партии."),
            ("Визит в кафе, мини-обучение для бариста.", "Сотрудники довольны.", None),
            ("Встреча с директором о планах на следующий год.", "Предварительно договорились о годовом контракте.",
             "Подготовить проект договора."),
            ("Выезд с техником на ремонт.", "Заменили жернова кофемолки, проблема решена.", None),
            ("Знакомство с новым офис-менеджером.", "Рассказали о нашем сервисе.", "Позвонить через неделю."),
        ),
        "greeting": (
            ("Поздравление с Новым годом.", "Клиент ответил тёплыми пожеланиями.", None, "newyear"),
            ("Поздравление с 8 Марта.", "Поблагодарили.", None, "mar8"),
            ("Поздравление с 23 Февраля.", "Спасибо, приятно.", None, "feb23"),
        ),
        "congratulation": (
            ("Поздравление с открытием нового магазина.", "Отправили цветы, директор был рад.", None),
            ("Поздравление с юбилеем компании.", "Клиент был тронут.", None),
            ("Поздравление с повышением.", "Клиент поблагодарил.", None),
            ("Поздравление с рождением ребёнка.", "Очень приятно, спасибо.", None),
        ),
        "gift": (
            ("Вручили корпоративный новогодний набор.", "Клиент очень доволен.", None),
            ("Подарок на день рождения — хороший чай.", "Клиент позвонил поблагодарить.", None),
            ("Передали пробный набор нового кофе.", "Клиент обещал добавить в следующий заказ.",
             "Через две недели узнать мнение."),
            ("Подарили книгу о кофе.", "Приняли с удовольствием.", None),
        ),
        "help": (
            ("Сломалась кофемашина, помогли по телефону.", "После перезапуска всё работает.", None),
            ("Порекомендовали надёжного электрика.", "Клиент очень благодарен.", None),
            ("Помогли разобраться со счетами-фактурами.", "Вопрос закрыт.", None),
            ("Срочная доставка к выходным.", "Доставили вовремя.", None),
        ),
        "complaint_follow_up": (
            ("Звонок по итогам рассмотрения жалобы.", "Клиент доволен решением.", None),
            ("Контроль ситуации с задержкой доставки.", "Товар довезли, претензий нет.",
             "Перед следующей доставкой подтверждать время."),
            ("Извинения и рассказ о том, что изменили в процессе.", "Клиент принял извинения.", None),
        ),
        "other": (
            ("Обновлены контактные данные.", "Новый телефон проверен.", None),
            ("Отправлен новый каталог.", "Каталог получен.", None),
        ),
    },
    "ko": {
        "call": (
            ("{p} 사용 현황 확인 전화.", "맛이 일정하다며 만족함.", "다음 달에 재주문 안내."),
            ("{p} 재고 확인.", "2주 정도 쓸 양이 남았다고 함.", "2주 후 다시 연락해서 주문 받기."),
            ("분기 가격 조정 안내.", "이번 달 말까지는 기존 가격 유지 요청.", "새 견적서 발송."),
            ("지난번 견적 후속 통화.", "다른 업체와 비교 중, 다음 주 회신 예정.", "다음 주 화요일 재연락."),
            ("다음 주 배송 시간 확인.", "목요일 오전 배송으로 확정.", None),
            ("고객이 {p} 문의 전화.", "사양과 가격 설명, 관심 있음.", "샘플 발송."),
            ("연말 거래 내역 대조.", "내역 일치.", None),
            ("신제품 시음회 초대.", "참석하겠다고 함.", "하루 전에 안내 문자 발송."),
        ),
        "visit": (
            ("방문하여 커피머신 점검.", "정상 작동, 필터 교체 시기.", "다음 배송 때 필터 지참."),
            ("구매 담당자 미팅, {p} 소개.", "2주간 시험 사용 요청.", "시험용 제품 배송 준비."),
            ("매장 방문, 바리스타 간단 교육 진행.", "직원들 반응 좋음.", None),
            ("대표님과 내년 거래 계획 논의.", "연간 계약에 원칙적으로 동의.", "계약서 초안 송부."),
            ("기사님과 동행하여 수리.", "그라인더 날 교체 후 문제 해결.", None),
            ("새로 온 총무 담당자와 인사.", "서비스 내용 소개함.", "일주일 후 전화."),
        ),
        "greeting": (
            ("설날 인사 문자 발송.", "고객도 새해 인사 답장.", None, "spring"),
            ("추석 안부 인사.", "감사하다는 답장 받음.", None, "midautumn"),
            ("새해 인사 메시지 발송.", "읽음 확인.", None, "newyear"),
        ),
        "congratulation": (
            ("신규 매장 오픈 축하.", "화환 보냄, 대표님이 기뻐하심.", None),
            ("창립 10주년 축하 인사.", "고객이 감동받음.", None),
            ("승진 축하 메시지.", "감사 인사 받음.", None),
            ("자녀 대학 합격 축하.", "매우 기뻐하며 한참 통화함.", None),
        ),
        "gift": (
            ("추석 선물세트 전달.", "고객이 아주 좋아함.", None),
            ("생일 선물로 찻잔 세트 전달.", "직접 전화해서 고맙다고 함.", None),
            ("설 명절 과일 선물 배송.", "수령 확인.", None),
            ("신제품 원두 시음용 전달.", "다음 주문에 추가하겠다고 함.", "2주 후 맛 피드백 확인."),
        ),
        "help": (
            ("커피머신 고장, 전화로 원격 안내.", "재부팅 후 정상화.", None),
            ("믿을 만한 인테리어 업체 소개.", "고객이 매우 고마워함.", None),
            ("세금계산서 정리 도와드림.", "문제 해결.", None),
            ("주말 행사용 긴급 배송.", "제시간에 도착.", None),
        ),
        "complaint_follow_up": (
            ("불만 처리 결과 확인 전화.", "처리 결과에 만족.", None),
            ("배송 지연 건 후속 조치.", "재발송 완료, 고객 이해함.", "다음 배송 전 미리 확인."),
            ("사과 전화 및 개선 사항 설명.", "사과 받아들임.", None),
        ),
        "other": (
            ("연락처 정보 업데이트.", "새 번호 확인 완료.", None),
            ("새 카탈로그 발송.", "수령 확인.", None),
        ),
    },
    "fi": {
        "call": (
            ("Soitin ja kysyin, miten tuote on toiminut: {p}.", "Asiakas on tyytyväinen, maku tasainen.",
             "Muistuta lisätilauksesta kuukauden päästä."),
            ("Tarkistin varaston: {p}.", "Riittää noin kahdeksi viikoksi.", "Soita kahden viikon päästä ja ota tilaus."),
            ("Kerroin uusista hinnoista.", "Asiakas toivoo vanhaa hintaa kuun loppuun.", "Lähetä uusi hinnasto."),
            ("Kyselin tarjouksen perään.", "Asiakas vertailee vielä, vastaus ensi viikolla.", "Soita tiistaina."),
            ("Sovin toimitusajan.", "Toimitus torstaiaamuna.", None),
            ("Asiakas soitti ja kysyi tuotteesta: {p}.", "Kerroin ominaisuudet ja hinnan, kiinnostunut.",
             "Lähetä näytteet."),
            ("Vuoden lopun saldovahvistus.", "Saldot täsmäävät.", None),
            ("Kutsuin uutuuksien maistajaisiin.", "Asiakas lupasi tulla.", "Lähetä muistutus edellisenä päivänä."),
        ),
        "visit": (
            ("Kävin tarkistamassa kahvinkeittimen.", "Kaikki kunnossa, suodatin vaihdettava pian.",
             "Tuo suodatin seuraavan toimituksen mukana."),
            ("Tapasin ostajan ja esittelin tuotteen: {p}.", "Halusivat kahden viikon koekäytön.",
             "Järjestä koe-erän toimitus."),
            ("Kävin kahvilassa ja pidin pienen baristakoulutuksen.", "Henkilökunta tykkäsi.", None),
            ("Palaveri toimitusjohtajan kanssa ensi vuoden suunnitelmista.", "Alustava sopu vuosisopimuksesta.",
             "Laadi sopimusluonnos."),
            ("Huoltokäynti teknikon kanssa.", "Myllyn terät vaihdettu, vika korjattu.", None),
            ("Tutustuin uuteen toimistopäällikköön.", "Kerroin palveluistamme.", "Soita viikon päästä."),
        ),
        "greeting": (
            ("Lähetin joulutervehdyksen.", "Asiakas kiitti lämpimästi.", None, "christmas"),
            ("Toivotin hyvää juhannusta.", "Kiitos, samoin!", None, "midsummer"),
            ("Uudenvuoden tervehdys.", "Luettu.", None, "newyear"),
        ),
        "congratulation": (
            ("Onnittelin uuden myymälän avajaisista.", "Lähetimme kukat, omistaja ilahtui.", None),
            ("Onnittelin yrityksen 10-vuotispäivänä.", "Asiakas oli otettu.", None),
            ("Onnittelin ylennyksestä.", "Asiakas kiitti.", None),
            ("Onnittelin lapsen valmistumisesta ylioppilaaksi.", "Asiakas oli iloinen.", None),
        ),
        "gift": (
            ("Veimme joululahjaksi kahvilahjapakkauksen.", "Asiakas oli hyvin tyytyväinen.", None),
            ("Syntymäpäivälahjaksi laadukasta teetä.", "Asiakas soitti ja kiitti.", None),
            ("Veimme maistiaiset uudesta kahvista.", "Lisäävät sitä seuraavaan tilaukseen.",
             "Kysy mielipidettä kahden viikon päästä."),
            ("Annoimme kahvikirjan.", "Otettiin ilolla vastaan.", None),
        ),
        "help": (
            ("Kahvinkeitin hajosi, neuvoin puhelimessa.", "Uudelleenkäynnistys auttoi.", None),
            ("Suosittelin luotettavaa sähköasentajaa.", "Asiakas oli kiitollinen.", None),
            ("Autoin laskujen täsmäytyksessä.", "Asia selvitetty.", None),
            ("Kiiretoimitus viikonlopun tapahtumaan.", "Toimitettu ajoissa.", None),
        ),
        "complaint_follow_up": (
            ("Soitin reklamaation käsittelyn jälkeen.", "Asiakas tyytyväinen ratkaisuun.", None),
            ("Selvitin viivästyneen toimituksen.", "Tavarat toimitettu, asiakas ymmärsi.",
             "Vahvista toimitusaika etukäteen."),
            ("Pahoittelin ja kerroin parannuksista.", "Asiakas hyväksyi pahoittelut.", None),
        ),
        "other": (
            ("Päivitin yhteystiedot.", "Uusi numero tarkistettu.", None),
            ("Lähetin uuden tuoteluettelon.", "Luettelo vastaanotettu.", None),
        ),
    },
    "en": {
        "call": (
            ("Called to check how the {p} is working out.", "Happy with it, taste is consistent.",
             "Remind them to reorder in a month."),
            ("Checked stock levels: {p}.", "About two weeks left.", "Call back in two weeks to take the order."),
            ("Told them about the new quarterly prices.", "Asked to keep the old price until month end.",
             "Send the new price list."),
            ("Followed up on our quote.", "Still comparing suppliers, will decide next week.", "Call again on Tuesday."),
            ("Confirmed next week's delivery slot.", "Thursday morning delivery agreed.", None),
            ("Customer called asking about the {p}.", "Went through specs and pricing, interested.", "Send samples."),
            ("Year-end statement check.", "Balances match.", None),
            ("Invited them to the new-products tasting.", "They will come.", "Send a reminder the day before."),
        ),
        "visit": (
            ("Site visit: checked the coffee machine.", "Running fine, filter due for replacement.",
             "Bring a filter with the next delivery."),
            ("Met the buyer, presented the {p}.", "They want a two-week trial.", "Arrange delivery of a trial batch."),
            ("Dropped by the café and ran a short barista session.", "Staff found it useful.", None),
            ("Meeting with the owner about next year's plans.", "Agreed in principle to an annual contract.",
             "Draft the contract for their review."),
            ("Went along with the technician for a repair.", "Replaced the grinder burrs, problem solved.", None),
            ("Introduced myself to the new office manager.", "Walked them through our service.", "Call in a week."),
        ),
        "greeting": (
            ("Sent Christmas greetings.", "They replied with warm wishes.", None, "christmas"),
            ("Sent a Thanksgiving note.", "Thanked us.", None, "thanksgiving"),
            ("Sent New Year wishes.", "Read.", None, "newyear"),
        ),
        "congratulation": (
            ("Congratulated them on the new store opening.", "Sent flowers, the owner was delighted.", None),
            ("Congratulated them on the company's 10th anniversary.", "They were touched.", None),
            ("Congratulated them on the promotion.", "Thanked us.", None),
            ("Congratulated them on their son's graduation.", "Very pleased, long chat.", None),
        ),
        "gift": (
            ("Delivered a Christmas hamper.", "Very happy with it.", None),
            ("Birthday gift: a box of good tea.", "Called to say thanks.", None),
            ("Dropped off samples of the new blend.", "Will add it to the next order.", "Ask for feedback in two weeks."),
            ("Gave them a coffee book.", "Well received.", None),
        ),
        "help": (
            ("Coffee machine broke down, talked them through it by phone.", "Working again after a restart.", None),
            ("Recommended a reliable electrician.", "Very grateful.", None),
            ("Helped sort out their invoices.", "Sorted.", None),
            ("Rush delivery for their weekend event.", "Delivered on time.", None),
        ),
        "complaint_follow_up": (
            ("Called back after resolving the complaint.", "Satisfied with the outcome.", None),
            ("Followed up on the late delivery.", "Goods delivered, customer understanding.",
             "Confirm delivery times in advance."),
            ("Apologised and explained what we changed.", "Apology accepted.", None),
        ),
        "other": (
            ("Updated contact details.", "New number checked.", None),
            ("Sent the new catalogue.", "Received.", None),
        ),
    },
}

# holiday key -> name used in gift labels, per language
HOLIDAY_NAMES = {
    "zh": {"spring": "春节", "midautumn": "中秋节", "dragon": "端午节", "newyear": "元旦"},
    "ru": {"newyear": "Новый год", "mar8": "8 Марта", "feb23": "23 Февраля"},
    "ko": {"spring": "설날", "midautumn": "추석", "newyear": "신정"},
    "fi": {"christmas": "Joulu", "midsummer": "Juhannus", "newyear": "Uusivuosi"},
    "en": {"christmas": "Christmas", "thanksgiving": "Thanksgiving", "newyear": "New Year"},
}
# holidays for which gifts are given
GIFT_HOLIDAYS = {"zh": ("spring", "midautumn"), "ru": ("newyear", "newyear", "mar8"), "ko": ("spring", "midautumn"),
                 "fi": ("christmas",), "en": ("christmas",)}

# (item, story, cost in USD, when it fits): a holiday key, "birthday", "anniversary" (of a
# company), "opening" (of a store), or "any".
GIFTS = {
    "zh": (
        ("云南普洱茶饼", "客户爱喝普洱，上次拜访时聊到想收藏一块老茶饼。", 60, "any"),
        ("中秋月饼礼盒", "每年中秋都送，客户说家里老人喜欢我们送的莲蓉月饼。", 40, "midautumn"),
        ("春节水果礼盒", "春节拜年，客户家里人多，选了一箱进口水果。", 50, "spring"),
        ("紫砂壶", "客户收藏紫砂壶，这把是宜兴朋友推荐的名家作品。", 180, "any"),
        ("钓鱼竿", "客户周末常去钓鱼，上次说旧的鱼竿断了。", 90, "birthday"),
        ("儿童绘本套装", "客户的孩子刚上小学，提过想多给孩子买书。", 35, "any"),
        ("定制咖啡杯", "印了客户门店的标志，开业纪念。", 25, "opening"),
        ("进口红酒", "客户常请合作伙伴吃饭，家里总备着红酒。", 70, "any"),
        ("茶具套装", "客户办公室新装修，缺一套接待用的茶具。", 55, "anniversary"),
        ("羽毛球拍", "客户每周打羽毛球，想换一支轻一点的球拍。", 65, "birthday"),
        ("湖笔和宣纸", "客户爱好书法，这套湖笔是从湖州带回来的。", 45, "any"),
        ("开业花篮", "祝贺门店开业，花篮上写了我们公司的祝福。", 40, "opening"),
    ),
    "ru": (
        ("Подарочный набор чая", "Клиент предпочитает чай кофе, как-то упомянул улун.", 40, "any"),
        ("Книга по истории Петербурга", "Клиент собирает книги о родном городе.", 30, "any"),
        ("Набор для рыбалки", "Каждые выходные ездит на рыбалку, жалуется на старые снасти.", 85, "birthday"),
        ("Корпоративный новогодний набор", "Традиционный подарок всем ключевым клиентам к Новому году.", 50, "newyear"),
        ("Билеты в Большой театр", "Клиент любит балет, давно хочет попасть на «Щелкунчика».", 120, "birthday"),
        ("Мёд с алтайской пасеки", "Клиент следит за здоровьем и любит натуральные продукты.", 25, "any"),
        ("Медная турка", "Варит кофе дома, давно хочет хорошую турку.", 45, "any"),
        ("Шахматы ручной работы", "Клиент играет в шахматы по вечерам с сыном.", 95, "birthday"),
        ("Букет цветов", "К 8 Марта: в офисе клиента всегда отмечают этот праздник.", 30, "mar8"),
        ("Термос для походов", "Семья клиента много путешествует по Карелии.", 35, "any"),
        ("Корзина с фруктами и открытка", "К юбилею компании, от всей нашей команды.", 60, "anniversary"),
        ("Цветы и торт", "На открытие нового магазина.", 55, "opening"),
    ),
    "ko": (
        ("홍삼 선물세트", "부모님 건강을 자주 걱정하셔서 어르신용으로 골랐다.", 90, "midautumn"),
        ("한우 선물세트", "명절마다 보내는 선물, 작년에 아주 좋아하셨다.", 150, "spring"),
        ("골프공 세트", "주말마다 골프를 치신다고 들었다.", 50, "birthday"),
        ("전통 다기 세트", "다도에 관심이 많으셔서 이천 도자기로 준비.", 80, "any"),
        ("과일 바구니", "명절 인사용, 가족이 많아서 넉넉하게.", 60, "any"),
        ("핸드드립 세트", "집에서 커피 내려 드시는 걸 좋아하신다.", 45, "any"),
        ("등산 스틱", "주말마다 북한산에 오르신다고 하셨다.", 70, "birthday"),
        ("와인", "창립기념일 축하용.", 75, "anniversary"),
        ("화분과 손편지", "매장 오픈 축하 선물.", 35, "opening"),
    ),
    "fi": (
        ("Iittalan Kastehelmi-kulhot", "Asiakas sisustaa uutta kotia ja ihaili niitä viime käynnillä.", 60, "any"),
        ("Lahjakortti kylpylään", "Asiakas kertoi lähtevänsä lomalle ensi kuussa.", 100, "birthday"),
        ("Glögi- ja suklaapaketti", "Perinteinen joululahja pitkäaikaisille asiakkaille.", 45, "christmas"),
        ("Muumimuki", "Asiakkaan tytär keräilee muumimukeja.", 25, "any"),
        ("Kahvilahjapakkaus", "Asiakas on innokas kotibarista.", 40, "any"),
        ("Kirja Lapin vaelluksista", "Asiakas vaeltaa joka syksy Lapissa.", 30, "birthday"),
        ("Marimekon pyyhe", "Uuden myymälän avajaisiin.", 50, "opening"),
        ("Saunatuoksusetti", "Asiakas rakensi juuri mökkisaunan.", 35, "any"),
        ("Kukkakimppu", "Yrityksen vuosipäivän kunniaksi.", 40, "anniversary"),
        ("Fazerin suklaarasia", "Pieni kiitos hyvästä yhteistyöstä.", 20, "any"),
    ),
    "en": (
        ("Christmas hamper", "Our standard thank-you to long-standing accounts.", 80, "christmas"),
        ("Single-malt whisky", "Mentioned a trip to Islay last summer.", 90, "any"),
        ("Golf balls with their logo", "Plays every Saturday morning.", 45, "any"),
        ("Tickets to the match", "Lifelong fan of the local team.", 120, "birthday"),
        ("Cookbook", "Loves cooking Italian food for the family.", 30, "any"),
        ("Flowers", "For the opening of their new store.", 45, "opening"),
        ("Coffee subscription box", "A keen home barista who asked about our single origins.", 50, "any"),
        ("Children's books", "Their daughter just started school.", 35, "any"),
        ("Bottle of champagne", "Celebrating the company's anniversary.", 60, "anniversary"),
        ("Hiking backpack", "Training for a charity trek.", 85, "birthday"),
    ),
}

OCCASION_TITLES = {
    "zh": {"company_anniversary": "公司成立纪念日", "store_opening": "门店开业纪念日", "wedding": "结婚纪念日"},
    "ru": {"company_anniversary": "День основания компании", "store_opening": "Годовщина открытия магазина",
           "wedding": "Годовщина свадьбы"},
    "ko": {"company_anniversary": "창립기념일", "store_opening": "매장 오픈 기념일", "wedding": "결혼기념일"},
    "fi": {"company_anniversary": "Yrityksen perustamispäivä", "store_opening": "Myymälän avajaisten vuosipäivä",
           "wedding": "Hääpäivä"},
    "en": {"company_anniversary": "Company anniversary", "store_opening": "Store opening anniversary",
           "wedding": "Wedding anniversary"},
}
# family dates: (kind, title, lunar?, yearly?)
FAMILY_OCCASIONS = {
    "zh": (("birthday", "母亲生日（农历）", True, True), ("birthday", "父亲生日（农历）", True, True),
           ("birthday", "女儿生日", False, True), ("birthday", "爱人生日", False, True),
           ("custom", "孩子高考", False, False)),
    "ru": (("birthday", "День рождения жены", False, True), ("birthday", "День рождения сына", False, True),
           ("birthday", "День рождения мамы", False, True), ("custom", "Выпускной дочери", False, False)),
    "ko": (("birthday", "어머님 생신 (음력)", True, True), ("birthday", "아버님 생신 (음력)", True, True),
           ("birthday", "아드님 생일", False, True), ("custom", "자녀 수능", False, False)),
    "fi": (("birthday", "Puolison syntymäpäivä", False, True), ("birthday", "Tyttären syntymäpäivä", False, True),
           ("custom", "Nimipäivä", False, True), ("custom", "Lapsen ylioppilasjuhlat", False, False)),
    "en": (("birthday", "Wife's birthday", False, True), ("birthday", "Son's birthday", False, True),
           ("birthday", "Daughter's birthday", False, True), ("custom", "Daughter's graduation", False, False)),
}
OCCASION_NOTES = {
    "zh": _list("记得提前订花篮。|准备贺卡和小礼物。|去年送过茶叶，今年换个别的。"),
    "ru": _list("Заказать цветы заранее.|Подготовить открытку.|В прошлом году дарили чай, в этот раз что-то другое."),
    "ko": _list("화환 미리 주문.|카드와 작은 선물 준비.|작년엔 차를 보냈으니 올해는 다른 것으로."),
    "fi": _list("Tilaa kukat ajoissa.|Muista kortti.|Viime vuonna annettiin teetä, nyt jotain muuta."),
    "en": _list("Order flowers in advance.|Prepare a card.|Gave tea last year; something different this time."),
}

# complaint category -> ((description, resolution), ...)
COMPLAINTS = {
    "zh": {
        "delivery": (("货物比约定时间晚到了三天，影响了门店营业。", "调整了配送路线，以后优先送达，并赠送一箱纸杯作为补偿。"),
                     ("送货少了两箱纸杯。", "当天补发了缺少的两箱纸杯。")),
        "quality": (("这批咖啡豆有烤焦的味道，和以前不一样。", "整批换货，并请质检部门复查烘焙批次。"),
                    ("滤芯包装破损，担心不卫生。", "更换了全部滤芯，并改进了包装。")),
        "billing": (("发票金额和合同价格不一致。", "已开具红字发票并按合同价重新开票。"), ("重复扣款了一次。", "已退回重复扣款。")),
        "service": (("客服电话打了好几次都没人接。", "向客户道歉，并指定专人负责对接。"),
                    ("维修师傅迟到了两个小时，态度也不好。", "向客户道歉，对维修师傅进行了培训，并免收本次上门费。")),
        "equipment": (("咖啡机经常报错停机。", "上门更换主板，机器恢复正常。"), ("磨豆机噪音太大。", "更换了磨豆机轴承。")),
    },
    "ru": {
        "delivery": (("Поставка пришла на три дня позже оговорённого срока.",
                      "Изменили маршрут доставки, теперь клиент в приоритете."),
                     ("Привезли на две коробки стаканчиков меньше, чем в накладной.",
                      "Допоставили недостающее и добавили коробку стаканчиков в качестве компенсации.")),
        "quality": (("У этой партии зерна горелый привкус, раньше такого не было.",
                     "Заменили всю партию, отдел качества проверяет обжарщика."),
                    ("Упаковка фильтров повреждена.", "Заменили фильтры, усилили упаковку.")),
        "billing": (("Сумма в счёте не совпадает с ценой по договору.", "Выставили корректировочный счёт."),
                    ("Оплату списали дважды.", "Вернули повторно списанную сумму.")),
        "service": (("Несколько раз не могли дозвониться в поддержку.",
                     "Извинились, закрепили за клиентом персонального менеджера."),
                    ("Мастер опоздал на два часа.", "Извинились, выезд мастера не стали включать в счёт.")),
        "equipment": (("Кофемашина постоянно выдаёт ошибку и отключается.", "Заменили плату управления, машина работает."),
                      ("Кофемолка очень шумит.", "Заменили подшипник кофемолки.")),
    },
    "ko": {
        "delivery": (("약속한 날보다 3일 늦게 배송되어 영업에 지장이 있었음.", "배송 경로 조정, 우선 배송 처리."),
                     ("종이컵 두 박스가 누락됨.", "누락분 재배송 및 종이컵 한 박스 추가 제공.")),
        "quality": (("이번 원두에서 탄 맛이 남, 예전과 다름.", "전량 교환, 품질팀에서 로스팅 배치 조사."),
                    ("필터 포장이 찢어져 있었음.", "필터 전량 교환, 포장 보강.")),
        "billing": (("세금계산서 금액이 계약 단가와 다름.", "수정 세금계산서 재발행."), ("결제가 두 번 됨.", "중복 결제 금액 환불.")),
        "service": (("고객센터에 여러 번 전화했는데 연결이 안 됨.", "사과드리고 전담 담당자 지정."),
                    ("수리 기사가 두 시간 늦게 왔음.", "사과드리고 이번 출장비 면제.")),
        "equipment": (("커피머신이 자주 에러 나면서 멈춤.", "메인보드 교체 후 정상 작동."), ("그라인더 소음이 너무 큼.", "그라인더 베어링 교체.")),
    },
    "fi": {
        "delivery": (("Toimitus tuli kolme päivää myöhässä.", "Reittiä muutettiin, asiakas saa toimitukset ensimmäisenä."),
                     ("Kaksi laatikkoa kahvikuppeja puuttui toimituksesta.",
                      "Toimitimme puuttuvat tuotteet ja hyvitykseksi yhden laatikon lisää.")),
        "quality": (("Tässä kahvierässä on palanut maku.", "Koko erä vaihdettiin uuteen, paahtimo tarkistaa erän."),
                    ("Suodatinpakkaus oli rikki.", "Suodattimet vaihdettu, pakkausta vahvistettu.")),
        "billing": (("Laskun summa ei vastaa sopimushintaa.", "Lähetimme hyvityslaskun ja uuden laskun sopimushinnalla."),
                    ("Maksu veloitettiin kahteen kertaan.", "Kaksoisveloitus palautettu.")),
        "service": (("Asiakaspalveluun ei saatu yhteyttä useaan kertaan.",
                     "Pahoittelimme ja nimesimme asiakkaalle oman yhteyshenkilön."),
                    ("Huoltomies tuli kaksi tuntia myöhässä.", "Pahoittelimme, käyntimaksu jätettiin laskuttamatta.")),
        "equipment": (("Kahvinkeitin antaa jatkuvasti virheilmoituksen.", "Emolevy vaihdettu, laite toimii."),
                      ("Kahvimylly pitää kovaa ääntä.", "Myllyn laakeri vaihdettu.")),
    },
    "en": {
        "delivery": (("Delivery arrived three days late and we ran out of stock.",
                      "Changed the delivery route so they are served first."),
                     ("Two boxes of cups were missing from the delivery.",
                      "Sent the missing items plus an extra box of cups as a goodwill gesture.")),
        "quality": (("This batch of beans tastes burnt, not like before.",
                     "Replaced the whole batch; QA is checking with the roaster."),
                    ("The filter packaging was damaged.", "Replaced the filters and improved the packaging.")),
        "billing": (("Invoice amount does not match the contract price.", "Issued a credit note and a corrected invoice."),
                    ("We were charged twice.", "Refunded the duplicate charge.")),
        "service": (("Could not get through to support after several calls.",
                     "Apologised and assigned a dedicated account contact."),
                    ("The engineer turned up two hours late.", "Apologised and waived the call-out fee.")),
        "equipment": (("The coffee machine keeps showing an error and shutting down.",
                       "Replaced the control board; machine working again."),
                      ("The grinder is very noisy.", "Replaced the grinder bearing.")),
    },
}
# feedback after a resolved complaint: (pleased, displeased)
FEEDBACK = {
    "zh": (_list("处理得很及时，谢谢。|总体满意。"), _list("希望以后不要再发生。|还可以，但是等得有点久。")),
    "ru": (_list("Спасибо, решили быстро.|В целом всё устроило."),
           _list("Надеюсь, больше не повторится.|Нормально, но ждать пришлось долго.")),
    "ko": (_list("빠르게 처리해 주셔서 감사합니다.|전반적으로 만족."), _list("다시는 이런 일 없었으면 합니다.|괜찮지만 기다리는 시간이 길었음.")),
    "fi": (_list("Kiitos nopeasta hoidosta.|Pääosin tyytyväinen."), _list("Toivottavasti ei toistu.|Ihan ok, mutta kesti kauan.")),
    "en": (_list("Thanks for sorting it quickly.|Satisfied overall."), _list("Hope it won't happen again.|Fine, but it took a while.")),
}
