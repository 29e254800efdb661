"""Word lists the rule-based recogniser and the entity merger rely on (data only, no logic).

Countries, major cities and regions with their demonyms; titles and honorifics
that announce a person; suffixes that announce an organisation; well-known
aliases (US / U.S. / United States); and words that are never entities.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (keeps long lists readable)."""
    return frozenset(text.split())


COUNTRIES: frozenset[str] = words(
    """
    Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
    Botswana Brazil Brunei Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China
    Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt
    Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana
    Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran
    Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait
    Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia
    Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal
    Netherlands Holland Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama
    Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia
    Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria
    Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu Uganda
    Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe America Britain
    England Scotland Wales Gaza Crimea Tibet Chechnya Kashmir Catalonia Greenland"""
) | frozenset(
    [
        "United States",
        "United Kingdom",
        "Great Britain",
        "Northern Ireland",
        "South Africa",
        "South Korea",
        "North Korea",
        "New Zealand",
        "Saudi Arabia",
        "Sri Lanka",
        "Costa Rica",
        "El Salvador",
        "Ivory Coast",
        "Sierra Leone",
        "South Sudan",
        "Czech Republic",
        "Dominican Republic",
        "Central African Republic",
        "United Arab Emirates",
        "Papua New Guinea",
        "Hong Kong",
        "West Bank",
        "East Timor",
        "Puerto Rico",
        "Vatican City",
    ]
)

CITIES: frozenset[str] = words(
    """
    London Paris Berlin Madrid Rome Moscow Kyiv Kiev Warsaw Vienna Prague Budapest Athens
    Brussels Amsterdam Dublin Edinburgh Glasgow Cardiff Belfast Manchester Liverpool Birmingham
    Leeds Newcastle Bristol Sheffield Oxford Cambridge Lisbon Stockholm Oslo Copenhagen Helsinki
    Geneva Zurich Munich Frankfurt Hamburg Milan Naples Barcelona Istanbul Ankara Tehran Baghdad
    Basra Mosul Erbil Damascus Aleppo Beirut Amman Jerusalem Tel Aviv Cairo Riyadh Jeddah Doha
    Dubai Kabul Kandahar Islamabad Karachi Lahore Delhi Mumbai Kolkata Chennai Bangalore Dhaka
    Beijing Shanghai Wuhan Shenzhen Tokyo Osaka Seoul Pyongyang Bangkok Hanoi Manila Jakarta
    Sydney Melbourne Brisbane Perth Auckland Wellington Toronto Montreal Vancouver Ottawa
    Washington Chicago Boston Houston Dallas Miami Atlanta Seattle Denver Detroit Philadelphia
    Phoenix Baltimore Orlando Minneapolis Pittsburgh Cleveland Nashville Portland Brooklyn
    Manhattan Hollywood Mexico Havana Caracas Bogota Lima Santiago Nairobi Lagos Abuja
    Johannesburg Pretoria Khartoum Tripoli Tunis Algiers Rabat Casablanca Mogadishu Addis
    Kinshasa Kampala Harare Minsk Tbilisi Baku Yerevan Tashkent Fallujah Ramadi Kirkuk Tikrit
    Benghazi Homs Idlib Raqqa Sanaa Aden Gaza Ramallah Hebron Kharkiv Odesa Odessa Donetsk
    Luhansk Mariupol Westminster Whitehall Davos Strasbourg Luxembourg Monaco Singapore
    Swansea Blackburn Stoke Leicester Southampton Norwich Nottingham Derby Coventry Reading
    Brighton Plymouth Portsmouth Sunderland Middlesbrough Wolverhampton Bournemouth Burnley
    Hull Bradford Wigan Bolton Preston Huddersfield Watford Ipswich Aberdeen Dundee Inverness
    Exeter Bath York Chester Durham Lincoln Gloucester Worcester Hereford Swindon Luton Leeds
    Wimbledon Chelsea Fulham Tottenham Islington Hackney Camden Croydon Lyon Marseille Nice
    Bordeaux Toulouse Lille Turin Florence Venice Genoa Seville Valencia Bilbao Porto Cologne
    Dusseldorf Stuttgart Dortmund Leipzig Dresden Rotterdam Antwerp Krakow Gdansk Bucharest
    Sofia Belgrade Zagreb Sarajevo Riga Tallinn Vilnius Kabul Herat Mazar Quetta Peshawar"""
) | frozenset(
    [
        "New York",
        "Los Angeles",
        "San Francisco",
        "San Diego",
        "Las Vegas",
        "New Orleans",
        "Salt Lake City",
        "Kansas City",
        "Hong Kong",
        "New Delhi",
        "Buenos Aires",
        "Rio de Janeiro",
        "Sao Paulo",
        "Cape Town",
        "Abu Dhabi",
        "Kuala Lumpur",
        "Mexico City",
        "St Petersburg",
        "Tel Aviv",
        "Addis Ababa",
        "Washington DC",
    ]
)

REGIONS: frozenset[str] = words(
    """
    Europe Asia Africa Americas Antarctica Arctic Oceania Scandinavia Balkans Caucasus
    Kurdistan Anbar Nineveh Darfur Siberia Bavaria Texas California Florida Ohio Michigan
    Georgia Virginia Alabama Alaska Arizona Arkansas Colorado Connecticut Delaware Hawaii Idaho
    Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Minnesota
    Mississippi Missouri Montana Nebraska Nevada Oregon Pennsylvania Tennessee Utah Vermont
    Wisconsin Wyoming Yorkshire Lancashire Kent Essex Surrey Devon Cornwall Cumbria Norfolk
    Suffolk Sussex Merseyside Midlands Ulster Quebec Ontario Alberta Punjab Sinai Donbas"""
) | frozenset(
    [
        "Middle East",
        "Far East",
        "Latin America",
        "South America",
        "North America",
        "Central America",
        "South Asia",
        "Southeast Asia",
        "East Africa",
        "West Africa",
        "North Africa",
        "Persian Gulf",
        "the Gulf",
        "New Jersey",
        "New Mexico",
        "New Hampshire",
        "North Carolina",
        "South Carolina",
        "North Dakota",
        "South Dakota",
        "West Virginia",
        "Rhode Island",
        "Northern Ireland",
        "Gaza Strip",
        "Golan Heights",
    ]
)

PLACES: frozenset[str] = COUNTRIES | CITIES | REGIONS

#: Adjectives of nationality; they are not entities themselves but prefix roles.
DEMONYMS: frozenset[str] = words(
    """
    American British English Scottish Welsh Irish French German Italian Spanish Portuguese
    Dutch Belgian Swiss Austrian Swedish Norwegian Danish Finnish Polish Czech Slovak Hungarian
    Romanian Bulgarian Greek Turkish Russian Ukrainian Belarusian Georgian Armenian Iranian
    Iraqi Syrian Lebanese Jordanian Israeli Palestinian Egyptian Saudi Emirati Qatari Kuwaiti
    Yemeni Omani Afghan Pakistani Indian Bangladeshi Chinese Japanese Korean Taiwanese
    Vietnamese Thai Indonesian Malaysian Filipino Australian Canadian Mexican Brazilian
    Argentine Argentinian Chilean Colombian Venezuelan Cuban Nigerian Kenyan Ethiopian Somali
    Sudanese Libyan Tunisian Algerian Moroccan European African Asian Arab Kurdish Shia Sunni
    Muslim Christian Jewish Catholic Western Soviet US UK EU
    Scot Scots Brit Brits Briton Britons Welshman Englishman Irishman Aussie Kiwi"""
)

#: Words that, before a name, make it a person and form (part of) their role.
TITLE_WORDS: frozenset[str] = words(
    """
    president vice prime minister secretary chancellor premier senator sen congressman
    congresswoman representative rep governor gov mayor judge justice chief general gen
    colonel col major lieutenant lt captain capt commander admiral sergeant sgt officer
    director ceo cfo coo chairman chairwoman chair chairperson spokesman spokeswoman
    spokesperson ambassador envoy king queen prince princess duke duchess lord lady sir dame
    pope cardinal bishop archbishop rabbi imam sheikh ayatollah emir sultan leader head boss
    manager coach striker midfielder defender goalkeeper captain founder owner president-elect
    pm mp mep mr mrs ms miss dr prof professor detective inspector superintendent constable
    attorney prosecutor lawyer chef singer actor actress star author editor correspondent
    commissioner deputy assistant undersecretary speaker presenter host analyst economist
    councillor councilor winger trooper pc det ch insp supt executive sister rev reverend
    clerk sheriff treasurer coroner quarterback keeper jockey gm witness
"""
)

#: Honorifics dropped from names ("Mr Smith" -> "Smith").
HONORIFICS: frozenset[str] = words(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady"
)

#: A trailing word that makes a capitalised sequence an organisation.
ORG_SUFFIXES: frozenset[str] = words(
    """
    inc inc. ltd ltd. plc corp corp. corporation co co. company group party council agency
    ministry department university college school institute foundation association union
    committee commission bank fund authority board court service services press news times
    academy
    post herald journal tribune network networks airlines airways motors club fc league
    federation organisation organization office forces force army navy police guard bureau
    parliament assembly congress senate cabinet government administration hospital trust
    society alliance coalition front movement brigade brigades militia agency industries
    holdings partners capital securities systems technologies labs studios records
    pictures museum charity campaign awards award festival cup championship championships
    games olympics trophy prize tour series commission regiment division squad"""
)

#: Capitalised words that start an organisation name ("Ministry of Defence").
ORG_PREFIXES: frozenset[str] = words(
    "ministry department university bank office house court bureau institute"
)

#: Well-known organisations and places a capitalisation heuristic would misread.
KNOWN_ORGS: frozenset[str] = frozenset(
    (
        "White House",
        "Pentagon",
        "Kremlin",
        "Congress",
        "Senate",
        "Parliament",
        "NATO",
        "Nato",
        "UN",
        "EU",
        "FBI",
        "CIA",
        "NASA",
        "WHO",
        "IMF",
        "OPEC",
        "Opec",
        "BBC",
        "CNN",
        "Reuters",
        "Associated Press",
        "AP",
        "AFP",
        "Google",
        "Apple",
        "Microsoft",
        "Amazon",
        "Facebook",
        "Twitter",
        "Downing Street",
        "Labour",
        "Tories",
        "Conservatives",
        "Democrats",
        "Republicans",
        "Taliban",
        "Hamas",
        "Hezbollah",
        "ISIS",
        "ISIL",
        "Islamic State",
        "Daesh",
        "al-Qaeda",
        "Al Qaeda",
        "Premier League",
        "Fifa",
        "FIFA",
        "Uefa",
        "UEFA",
        "Interpol",
        "Europol",
        "Met Police",
        "Scotland Yard",
        "Whitehall",
        "Home Office",
        "Foreign Office",
        "Treasury",
        "Supreme Court",
        "High Court",
        "European Commission",
        "European Union",
        "United Nations",
        "World Bank",
        "Security Council",
        "Liberal Democrats",
        "Lib Dems",
        "Lib Dem",
        "Greens",
        "SNP",
        "Plaid Cymru",
        "Sinn Fein",
        "Ukip",
        "UKIP",
        "Commons",
        "House of Commons",
        "House of Lords",
        "Bundestag",
        "Knesset",
        "Duma",
    )
)

#: Spellings of one thing, mapped to the canonical name.
ALIASES: dict[str, str] = {
    "us": "United States",
    "u.s": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "u.k": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "un": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "islamic state": "Islamic State",
    "daesh": "Islamic State",
    "is": "Islamic State",
    "nato": "NATO",
    "ap": "Associated Press",
    "met police": "Metropolitan Police",
    "metropolitan police": "Metropolitan Police",
    "lib dem": "Liberal Democrats",
    "lib dems": "Liberal Democrats",
    "liberal democrats": "Liberal Democrats",
    "associated press": "Associated Press",
}

#: Capitalised words that are never an entity on their own.
STOPWORDS: frozenset[str] = words(
    """a an the this that these those he she it they we i you his her its their our my your
    him them us me there here who what when where why how which whose mr mrs ms dr but and or
    if so as at in on of for to by with from into after before during while since until
    however meanwhile moreover therefore also yet still then now today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december no yes not all some many most
    several each every any both other others another one two three four five six seven eight
    nine ten first second third last next new old said says according source photo image
    credit caption picture video read more click share follow email getty images copyright
    please subscribe advertisement related breaking update live watch listen sign"""
)

#: Last words of sports clubs' names that no place name ends with ("Kessler United",
#: "Redhill Rovers", "Sheffield Wednesday").
_CLUB_WORDS: frozenset[str] = words(
    """
    united rovers city town fc afc cf sc athletic wanderers albion rangers hotspur
    wednesday villa dynamo sporting olympique"""
)
#: Organisation heads of sports clubs: a club's name never coordinates two places
#: ("Liverpool and Manchester United" are two clubs; "Avon and Somerset Police" one force).
#: "County" ends a club ("Derby County") but also a place, so it is no ORG_HEADS word.
CLUB_HEADS: frozenset[str] = _CLUB_WORDS | {"county"}

#: Last words that make a name the model called a person an organisation ("Northwind
#: Foods", "Redhill Rovers"); unlike ORG_SUFFIXES they may also end place names
#: ("Vatican City"), so they only correct names labelled as people.
ORG_HEADS: frozenset[str] = (
    ORG_SUFFIXES
    | _CLUB_WORDS
    | words(
        """
        foods food group bank banks airlines airways motors holdings partners media energy
        systems pharmaceuticals pharma council trust association club corp corp. inc inc.
        ltd ltd. plc llc llp ag sa gmbh rail railways telecom communications networks
        insurance investments ventures enterprises solutions logistics brands stores retail
        orchestra choir band theatre mirror telegraph gazette chronicle center centre rescue
        constabulary aerospace radio television tv juniors aid international magazine"""
    )
)

#: Last words of geographic names ("Ashcombe Hills", "Mirabel Valley").
GEO_HEADS: frozenset[str] = words(
    """
    hills valley vale river bay island islands isles mountains mountain range lake
    lakes coast peninsula estuary forest heights gulf sea ocean desert canyon falls harbour
    harbor beach moor moors downs marshes delta strait straits reservoir highlands lowlands
    plain plains park gardens creek fjord glacier basin plateau wetlands dunes ridge
    stadium arena airport bridge square road street avenue lane drive boulevard market
    castle junction dam area"""
)

#: First words of geographic names ("Port Harlow", "Cape Marren", "Mount Kenya").
GEO_PREFIXES: frozenset[str] = words("port cape mount mt lake fort loch isle gulf san los las")

#: Nouns that announce a place in "the village of X", "the province of X".
PLACE_OF_NOUNS: frozenset[str] = words(
    """
    village town city county region province state district suburb hamlet island port
    municipality borough parish commune republic kingdom emirate governorate prefecture"""
)

#: Common given names: "Maria Lopez" is a person whatever the preposition before it.
GIVEN_NAMES: frozenset[str] = words(
    """
    aaron adam adrian ahmed alan albert alex alexander alice alan alison amanda amy ana
    andrea andrew angela ann anna anne anthony antonio barbara ben benjamin bernard beth
    bill bob boris brian bruce carl carlos carol caroline catherine charles charlie chris
    christine christopher claire daniel david deborah dennis diana donald dorothy edward
    elizabeth emily emma eric eva fatima fiona frank gary george graham hannah harry helen
    henry hillary ian irene jack jacob james jane janet jason jean jeff jennifer jenny jeremy
    jessica jim joan joe john jonathan jose joseph juan julia julie karen kate katherine
    keith kevin laura lee linda lisa louise lucy luis maria mark martin mary matthew maya
    michael michelle mike mohammed muhammad nancy nicholas nick nicola olivia oliver patrick
    paul peter philip rachel rebecca richard robert roger ronald rose ruth ryan sam samuel
    sandra sarah scott sophie stephen steve steven susan thomas tim timothy tom tony victoria
    william yusuf zoe jordan patrick rick ricky lewis andy jamie ali omar hassan ahmad
    ivan igor olga anna pedro miguel jorge marco luca giovanni pierre
    jean-claude hans karl julian"""
)


# --------------------------------------------------------------------------- speech verbs
# The ONE list of speech verbs of the facts package (speaker cues, person evidence, quotes).

#: Reporting verbs: "X said", "said X", "X told ...". Evidence that X is a speaker.
SPEECH_VERBS: tuple[str, ...] = tuple(
    sorted(
        words(
            """
    said says told tells added adds noted announced stated explained insisted warned claimed
    wrote writes argued asked replied tweeted confirmed admitted declared recalled suggested
    commented remarked acknowledged predicted urged vowed"""
        )
    )
)
#: Verbs that attribute a quote but say too little on their own about who X is.
QUOTE_VERBS: tuple[str, ...] = (
    *SPEECH_VERBS,
    "notes",
    "states",
    "state",
    "continued",
    "believes",
    "thinks",
    "maintains",
    "maintained",
    "pointed out",
    "puts it",
    "put it",
    "added that",
)
#: Regex alternation of QUOTE_VERBS (longest first, so "added that" beats "added").
QUOTE_VERB_PATTERN = "|".join(sorted(QUOTE_VERBS, key=len, reverse=True))
#: A reporting verb right after a name: " said", " told".
SPEECH_AFTER = re.compile(r"\s+(?:" + "|".join(SPEECH_VERBS) + r")\b")


# --------------------------------------------------------------------------- works and events

#: First words of named events: "Storm Ingrid", "Hurricane Ida", "Operation Elveden".
EVENT_PREFIXES: frozenset[str] = words("storm hurricane typhoon cyclone tropical operation")
#: Last words of named events and competitions: "Champions League", "National Cup".
EVENT_HEADS: frozenset[str] = words(
    """
    league cup trophy championship championships olympics paralympics games tournament
    festival awards award prize prizes marathon derby classic open"""
)
#: Well-known competitions whose names carry no event head noun ("La Liga").
KNOWN_EVENTS: frozenset[str] = frozenset(
    {"La Liga", "Bundesliga", "Serie A", "Ligue 1", "Eredivisie", "Six Nations", "Super Bowl"}
    | {"Grand National", "Tour de France", "Ryder Cup", "Eurovision", "Brexit"}
)
#: Nouns that announce the title of a work right after them: "the film Harbour Lights".
WORK_NOUNS: frozenset[str] = words(
    """
    film movie album single song book novel memoir series show play musical opera tour
    documentary sitcom drama programme program podcast painting exhibition game"""
)
