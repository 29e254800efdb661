# ruff: noqa: E501  (data file: long prose lines)
"""Write stories.jsonl: a small hand-labelled set of invented news reports for merge tests.

Every text here was written for newsbrief (invented places and people). ``cluster`` is the
gold story; ``day`` says on which digest day an item first appears in the loopback feeds.
Run: python tests/digest_fixtures/make_stories.py
"""

from __future__ import annotations

import json
from pathlib import Path

L, H, M, C = "The Daily Ledger", "Harbour Times", "Metro Wire", "Coastal Post"

A = [
    # 1. bridge closure (3 outlets)
    (
        "bridge",
        L,
        "LIVE: Port Elden's Saltmarsh Bridge closed after storm cracks deck - The Daily Ledger",
        "By Anna Kovac. Engineers closed the Saltmarsh Bridge in Port Elden on Monday morning after "
        "Sunday night's storm left a two-metre crack in the road deck. The city's transport chief, "
        "Mara Lindqvist, said the crossing would stay shut for at least a week while divers inspect "
        "the piers. About 40,000 vehicles use the bridge every day, and buses are being rerouted "
        "through the old harbour tunnel. Ferries will run every fifteen minutes until it reopens.",
        "2026-11-16T07:10:00+00:00",
        1,
    ),
    (
        "bridge",
        H,
        "Storm damage shuts Saltmarsh Bridge for a week | Harbour Times",
        "Port Elden's Saltmarsh Bridge will be closed for at least a week after the overnight storm "
        "cracked its deck, transport chief Mara Lindqvist announced. Divers are inspecting the piers "
        "of the bridge, which carries some 40,000 vehicles a day. Buses are diverted through the "
        "harbour tunnel and extra ferries have been added. Lindqvist asked commuters to work from "
        "home where they can, warning of long queues at the tunnel entrance during the rush hour.",
        "2026-11-16T08:05:00+00:00",
        1,
    ),
    (
        "bridge",
        M,
        "UPDATE: Saltmarsh Bridge closure: what commuters need to know",
        "The Saltmarsh Bridge in Port Elden is closed after the storm cracked the deck on Sunday "
        "night, and the city says it will remain shut for a week or more. Transport chief Mara "
        "Lindqvist said divers must inspect the piers before any traffic returns. Commuters face "
        "diversions through the harbour tunnel, while ferries now sail every fifteen minutes. The "
        "bridge normally carries about 40,000 vehicles daily between the port and the northern "
        "suburbs.",
        "2026-11-16T09:30:00+00:00",
        1,
    ),
    # 2. Norland central bank raises rates (3 outlets)
    (
        "norland-rates",
        L,
        "Bank of Norland raises interest rate to 4.5% to fight inflation",
        "The Bank of Norland raised its main interest rate by half a percentage point to 4.5% on "
        "Monday, its third increase this year, as inflation stayed above 6%. Governor Tomas Ekberg "
        "said the bank was ready to act again if prices kept climbing. Mortgage lenders in Norland "
        "are expected to pass on the rise within days, adding about 60 crowns a month to a typical "
        "home loan. The Norland crown rose against the euro after the announcement.",
        "2026-11-16T11:00:00+00:00",
        1,
    ),
    (
        "norland-rates",
        C,
        "Opinion | Norland's rate rise to 4.5% will hurt borrowers",
        "Governor Tomas Ekberg and the Bank of Norland lifted the interest rate by half a point to "
        "4.5% on Monday, the third rise of the year, with inflation still above 6%. Borrowers will "
        "feel it fast: lenders are set to add roughly 60 crowns a month to an average Norland "
        "mortgage. Ekberg said further increases remain possible. The crown strengthened after the "
        "Bank of Norland decision, but households already squeezed by prices deserve more caution.",
        "2026-11-16T12:20:00+00:00",
        1,
    ),
    (
        "norland-rates",
        M,
        "Norland central bank lifts rates half a point, signals more to come - Metro Wire",
        "Norland's central bank raised borrowing costs by 0.5 points to 4.5% on Monday as inflation "
        "held above 6%, and Governor Tomas Ekberg signalled more increases could follow. It is the "
        "Bank of Norland's third rate rise this year. The crown gained on the news. Analysts expect "
        "mortgage payments to rise by about 60 crowns a month for a typical household.",
        "2026-11-16T11:40:00+00:00",
        1,
    ),
    # 3. hard negative: Kestria holds rates
    (
        "kestria-rates",
        H,
        "Kestria's central bank holds interest rate at 3% as growth slows",
        "The central bank of Kestria left its main interest rate unchanged at 3% on Monday, citing "
        "slowing growth and inflation that has eased to 2.1%. Governor Elena Marsh said the bank "
        "would watch wage data before its December meeting. Kestria's economy grew just 0.2% in "
        "the third quarter, held back by weak exports of machinery and timber. Markets had expected "
        "the decision, and the Kestrian mark barely moved.",
        "2026-11-16T10:15:00+00:00",
        1,
    ),
    (
        "kestria-rates",
        C,
        "Kestria keeps rates on hold at 3% - Coastal Post",
        "Kestria's central bank kept its interest rate at 3% on Monday as inflation cooled to 2.1% "
        "and growth slowed to 0.2% in the third quarter. Governor Elena Marsh said December's "
        "decision would depend on wage figures. Exporters of machinery and timber have struggled "
        "this year. The Kestrian mark was steady after the widely expected announcement.",
        "2026-11-16T10:50:00+00:00",
        1,
    ),
    # 4. Mirabel Valley wildfire (3 outlets)
    (
        "mirabel-fire",
        M,
        "WATCH: Thousands flee as wildfire sweeps through Mirabel Valley",
        "More than 3,000 residents of the Mirabel Valley were ordered to leave their homes on Monday "
        "as a wildfire driven by strong winds burned across 2,400 hectares of forest and farmland. "
        "Fire chief Ruben Okafor said 300 firefighters and six water-bombing aircraft were fighting "
        "the blaze near the village of Santa Lira. Two barns and a winery were destroyed. No "
        "injuries have been reported. Evacuation centres opened in the town of Calvera.",
        "2026-11-16T13:00:00+00:00",
        1,
    ),
    (
        "mirabel-fire",
        L,
        "Mirabel Valley wildfire forces 3,000 from homes",
        "A fast-moving wildfire in the Mirabel Valley has burned 2,400 hectares and forced more than "
        "3,000 people to evacuate, fire chief Ruben Okafor said on Monday. Around 300 firefighters, "
        "supported by six aircraft, are trying to stop the flames from reaching Santa Lira. A winery "
        "and two barns have burned down but nobody has been hurt. Residents are being housed in "
        "evacuation centres in Calvera.",
        "2026-11-16T14:10:00+00:00",
        1,
    ),
    (
        "mirabel-fire",
        C,
        "Winds fan Mirabel Valley fire; Santa Lira under threat | Coastal Post",
        "Strong winds pushed a wildfire across 2,400 hectares of the Mirabel Valley on Monday, and "
        "more than 3,000 residents were evacuated to Calvera. Fire chief Ruben Okafor said crews "
        "and six water-bombing planes were defending the village of Santa Lira. A winery was among "
        "the buildings destroyed. There were no reports of injuries.",
        "2026-11-16T15:00:00+00:00",
        1,
    ),
    # 5. hard negative: Darrow Hills fire contained
    (
        "darrow-fire",
        H,
        "Darrow Hills brush fire contained after two days",
        "Firefighters have contained a brush fire in the Darrow Hills that burned 180 hectares of "
        "scrubland over the weekend, the regional fire service said on Monday. Commander Lisa "
        "Brandt said rain overnight helped crews close the last gaps in the fire line. Nobody was "
        "evacuated and no buildings were damaged. A hiking trail near Holloway Lake will stay "
        "closed until Friday while crews put out hot spots.",
        "2026-11-16T09:00:00+00:00",
        1,
    ),
    # 6. Quillon e-bike recall (3 outlets)
    (
        "quillon-recall",
        L,
        "Quillon recalls 200,000 e-bikes after battery fires",
        "Electric bike maker Quillon is recalling about 200,000 bikes worldwide after 14 battery "
        "fires, the company said on Monday. The recall covers Quillon's City 2 and City 3 models "
        "sold since March 2024. Chief executive Hana Sato said owners should stop charging the "
        "bikes at once and book a free battery replacement. Quillon shares fell 9% in early "
        "trading. Safety regulators in three countries had opened investigations last month.",
        "2026-11-16T06:30:00+00:00",
        1,
    ),
    (
        "quillon-recall",
        M,
        "Quillon e-bike recall: 200,000 bikes, 14 fires, shares down 9% - Metro Wire",
        "Quillon will replace the batteries of some 200,000 City 2 and City 3 e-bikes after 14 "
        "fires, chief executive Hana Sato said on Monday, telling owners to stop charging them "
        "immediately. The models have been sold since March 2024. Regulators in three countries "
        "began looking into the fires in October. Quillon's shares dropped 9% after the "
        "announcement.",
        "2026-11-16T07:45:00+00:00",
        1,
    ),
    (
        "quillon-recall",
        H,
        "EXCLUSIVE: Quillon e-bike owners told to stop charging after battery fires",
        "Owners of Quillon City 2 and City 3 electric bikes have been told to stop charging them "
        "after 14 battery fires, as the company recalls around 200,000 bikes. Chief executive Hana "
        "Sato said replacement batteries would be fitted free of charge. The recall follows "
        "investigations by safety regulators in three countries. Shares in Quillon lost 9%.",
        "2026-11-16T08:20:00+00:00",
        1,
    ),
    # 7. football cup final (2 outlets)
    (
        "cup-final",
        C,
        "Redhaven United win Northern Cup final 2-1 with late Diallo goal",
        "Redhaven United won the Northern Cup on Sunday evening, beating Ashford Rovers 2-1 at "
        "Kingsmead Stadium thanks to an 88th-minute header from striker Moussa Diallo. Rovers had "
        "equalised through Jamie Clarke early in the second half after Redhaven's captain Leo "
        "Brandt scored a penalty before the break. It is Redhaven's first major trophy in 23 "
        "years. About 52,000 fans watched the match.",
        "2026-11-15T21:30:00+00:00",
        1,
    ),
    (
        "cup-final",
        L,
        "Diallo's late header wins Northern Cup for Redhaven - The Daily Ledger",
        "Moussa Diallo headed in an 88th-minute winner as Redhaven United beat Ashford Rovers 2-1 "
        "in the Northern Cup final at Kingsmead Stadium on Sunday. Captain Leo Brandt had put "
        "Redhaven ahead from the penalty spot before Jamie Clarke levelled for Rovers. The win ends "
        "a 23-year wait for a major trophy. A crowd of 52,000 was at the final.",
        "2026-11-15T22:10:00+00:00",
        1,
    ),
    # 8. museum painting returned (2 outlets)
    (
        "painting",
        H,
        "Stolen Vermeer-era painting returned to Port Elden museum",
        "A 17th-century Dutch painting stolen from the Port Elden Maritime Museum in 1998 has been "
        "returned, museum director Ingrid Solberg said on Monday. The small oil painting, 'Ships "
        "at Dusk', was found at an auction house in Geneva last spring after staff there checked "
        "a database of stolen art. It will go back on display on December 1. Police never "
        "identified the thieves, who cut the canvas from its frame during opening hours.",
        "2026-11-16T10:00:00+00:00",
        1,
    ),
    (
        "painting",
        C,
        "'Ships at Dusk' back in Port Elden 28 years after theft",
        "The Port Elden Maritime Museum has recovered 'Ships at Dusk', a 17th-century Dutch oil "
        "painting cut from its frame by thieves in 1998. Director Ingrid Solberg said a Geneva "
        "auction house identified the work last spring using a stolen art database. The painting "
        "returns to the walls on December 1. The thieves have never been found.",
        "2026-11-16T12:00:00+00:00",
        1,
    ),
    # 9. rail strike (3 outlets)
    (
        "rail-strike",
        M,
        "LIVE: Valdor rail strike halts trains nationwide",
        "Train services across Valdor came to a standstill on Monday as drivers began a 48-hour "
        "strike over pay and rosters. The national operator, Valdor Rail, said fewer than one in "
        "ten trains were running. Union leader Piet Moreau said drivers wanted a 7% pay rise to "
        "match inflation. Transport minister Claire Dubois urged both sides to return to talks. "
        "Roads around the capital, Arvel, were jammed during the morning rush.",
        "2026-11-16T06:00:00+00:00",
        1,
    ),
    (
        "rail-strike",
        L,
        "Valdor train drivers strike for 48 hours over pay",
        "Valdor's train drivers walked out on Monday for 48 hours in a dispute over pay and "
        "working hours, leaving fewer than 10% of services running, Valdor Rail said. Piet Moreau "
        "of the drivers' union said members were seeking a 7% rise. Transport minister Claire "
        "Dubois called for talks to resume. Traffic jams built up around Arvel as commuters turned "
        "to their cars.",
        "2026-11-16T07:00:00+00:00",
        1,
    ),
    (
        "rail-strike",
        H,
        "Opinion | The Valdor rail strike was avoidable - Harbour Times",
        "Fewer than one train in ten ran across Valdor on Monday as drivers started a 48-hour "
        "strike. Union leader Piet Moreau wants a 7% pay rise; Valdor Rail says it cannot afford "
        "it. Transport minister Claire Dubois now urges talks, but she had months to broker a deal. "
        "Commuters stuck in traffic around Arvel are paying the price for that delay.",
        "2026-11-16T09:10:00+00:00",
        1,
    ),
    # 10. deep-sea species (2 outlets)
    (
        "deep-sea",
        C,
        "Scientists find 12 new deep-sea species off the Corran Ridge",
        "Marine biologists have identified 12 previously unknown species, including a translucent "
        "sea cucumber and two kinds of bristle worm, on the Corran Ridge 2,900 metres below the "
        "surface. Expedition leader Dr Amara Nwosu said the animals were filmed by a remote-"
        "operated vehicle during a six-week survey. Samples are being studied at the Oceanic "
        "Institute in Tarnby.",
        "2026-11-16T16:00:00+00:00",
        1,
    ),
    (
        "deep-sea",
        M,
        "Translucent sea cucumber among 12 new species found on Corran Ridge",
        "A six-week expedition to the Corran Ridge has found 12 new species living 2,900 metres "
        "deep, among them a see-through sea cucumber and two bristle worms, expedition leader "
        "Dr Amara Nwosu said. A remotely operated vehicle filmed the animals, and samples have "
        "gone to the Oceanic Institute in Tarnby for study.",
        "2026-11-16T16:40:00+00:00",
        1,
    ),
    # 11/12. singletons
    (
        "ashby-election",
        L,
        "Ashby elects first independent mayor in 40 years",
        "Voters in the market town of Ashby elected Ruth Penhaligon as mayor on Sunday, the first "
        "independent to hold the post in 40 years. She won 54% of the vote on a turnout of 38%. "
        "Penhaligon, a former headteacher, promised to reopen the town's library and cut parking "
        "charges on the high street.",
        "2026-11-16T08:00:00+00:00",
        1,
    ),
    (
        "hospital",
        H,
        "St Brigid's hospital opens new children's wing",
        "St Brigid's Hospital in Port Elden opened a new children's wing on Monday with 60 beds, "
        "two operating theatres and a play garden on the roof. The wing cost 85 million crowns, a "
        "third of it raised by a public appeal. Chief nurse Oliver Grant said waiting times for "
        "children's surgery should fall by half next year.",
        "2026-11-16T11:30:00+00:00",
        1,
    ),
    # day 2: bridge update (a new outlet report) and new stories
    (
        "bridge",
        C,
        "Saltmarsh Bridge to partly reopen on Friday after repairs | Coastal Post",
        "One lane in each direction of Port Elden's Saltmarsh Bridge will reopen on Friday after "
        "divers found the piers undamaged, transport chief Mara Lindqvist said on Tuesday. The "
        "crack in the deck left by Sunday's storm is being patched with steel plates. Buses will "
        "return to the bridge on Friday, but the ferry service will continue until full repairs "
        "are finished next month.",
        "2026-11-17T08:00:00+00:00",
        2,
    ),
    (
        "lighthouse",
        L,
        "Tarnby lighthouse sold to marine charity for one crown",
        "The disused Tarnby lighthouse has been sold to the Oceanic Trust for one crown, the "
        "town council said on Tuesday. The charity plans to turn the 1880s tower into a visitor "
        "centre and seabird observatory by 2028. Council leader Jonas Vik said the sale saves the "
        "town 200,000 crowns a year in upkeep.",
        "2026-11-17T09:00:00+00:00",
        2,
    ),
    (
        "lighthouse",
        M,
        "Charity buys Tarnby lighthouse for a single crown - Metro Wire",
        "The Oceanic Trust has bought Tarnby's old lighthouse for one crown and will turn it into "
        "a visitor centre and bird observatory by 2028. Council leader Jonas Vik said the town "
        "spends 200,000 crowns a year maintaining the 1880s tower. The sale was agreed on Tuesday.",
        "2026-11-17T10:00:00+00:00",
        2,
    ),
    (
        "zoo",
        H,
        "Port Elden zoo welcomes twin red pandas",
        "Two red panda cubs have been born at Port Elden Zoo, the first twins of the species there "
        "in a decade. Keeper Sofia Reyes said the cubs, born in July, have just begun leaving their "
        "nest box and can be seen by visitors from this week. The zoo is running a public vote to "
        "name them.",
        "2026-11-17T11:00:00+00:00",
        2,
    ),
]


def main() -> None:
    out = Path(__file__).with_name("stories.jsonl")
    lines = []
    for n, (cluster, outlet, title, text, published, day) in enumerate(A, start=1):
        item = {
            "id": f"fx-{n:02d}",
            "cluster": cluster,
            "outlet": outlet,
            "title": title,
            "text": text,
            "published": published,
            "day": day,
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
