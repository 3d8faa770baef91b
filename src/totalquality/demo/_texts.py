"""Comment and complaint texts of the demo data, in Estonian, Polish and English.

Every sentence is a complete, natural sentence written for its language (not a
translation machine's output), so that language identification, lemmatisation,
sentiment and topic discovery meet realistic inflection and phrasing. Sentences
are grouped by topic and kind ("neg", "pos", and for the battery "swelling" — the
bad supplier lot's symptom — apart from ordinary "neg" battery drain); comments
and complaints are composed from them with optional openers, closers, greetings
and requests, so that the same topic is said in many different ways.

Placeholders: ``{days}`` (8–30), ``{hours}`` (2–4), ``{order}`` (an order id).
"""

from __future__ import annotations

import re

import numpy as np

TOPICS = (
    "battery",
    "display",
    "delivery",
    "support",
    "rattle",
    "usb-c",
    "price",
    "keyboard",
    "praise",
)

Phrases = dict[str, dict[str, dict[str, tuple[str, ...]]]]

SENTENCES: Phrases = {
    "battery": {
        "en": {
            "neg": (
                "The battery drains far too quickly, barely {hours} hours of normal use.",
                "Battery life is much shorter than advertised.",
                "The battery does not last at all, I have to carry the charger everywhere.",
                "It loses charge even when it is switched off.",
                "The battery indicator drops from 40% to zero without any warning.",
                "After a few months the battery runs out noticeably sooner.",
                "With the screen at half brightness the battery is empty by lunchtime.",
                "Poor battery life for a laptop that is marketed for travel.",
                "I get maybe {hours} hours on battery, nowhere near the promised ten.",
                "The battery barely survives one meeting with the camera on.",
                "The battery drops 20% in an hour of browsing.",
                "Battery life got worse after the last update.",
                "I can't get through a lecture without plugging in.",
            ),
            "swelling": (
                "After a few weeks the battery started to swell and the touchpad is lifting.",
                "The battery is bulging and the lid no longer closes properly.",
                "The battery swelled up and is pushing the bottom cover out.",
                "My laptop's battery is swollen, I am afraid to keep using it.",
                "The battery gets hot while charging and the case has bent.",
                "The swollen battery has pushed the keyboard up in the middle.",
                "The laptop no longer sits flat on the desk because the battery is bulging.",
                "The touchpad stopped clicking because the battery underneath has swollen.",
                "There is a bulge under the palm rest, it looks like the battery is expanding.",
                "The battery puffed up so much that the bottom panel popped open.",
                "The battery has swollen and the case is splitting at the seam.",
                "I noticed the laptop rocking on the table, the battery underneath is swollen.",
            ),
            "pos": (
                "Battery life is excellent, easily a full working day.",
                "The battery lasts all day, even with video calls.",
                "Great battery, I only charge it every other day.",
                "Impressive battery life on long train trips.",
                "The battery easily gets me through a whole day of lectures.",
                "I never worry about the battery, it just keeps going.",
                "Two days of light use on one charge.",
            ),
        },
        "et": {
            "neg": (
                "Aku tühjeneb liiga kiiresti, tavalise kasutusega vaevalt {hours} tundi.",
                "Aku kestvus on palju lühem, kui reklaamis lubati.",
                "Aku ei pea üldse vastu, pean laadijat kogu aeg kaasas kandma.",
                "Aku tühjeneb isegi siis, kui arvuti on välja lülitatud.",
                "Aku laetuse näit kukub neljakümnelt protsendilt järsku nulli.",
                "Juba mõne kuu pärast peab aku märgatavalt vähem vastu.",
                "Poole heledusega ekraani juures on aku lõunaks tühi.",
                "Reisimiseks mõeldud sülearvuti kohta on aku tööaeg kehv.",
                "Akuga saan hakkama umbes {hours} tundi, lubatud kümnest pole juttugi.",
                "Kaameraga koosoleku ajal jõuab aku vaevu ühe kõne lõpuni.",
                "Aku kaotab tunniga internetis surfates 20 protsenti.",
                "Pärast viimast uuendust on aku kestvus halvemaks läinud.",
                "Ühe loengu ajal ei pea aku ilma laadijata vastu.",
            ),
            "swelling": (
                "Mõne nädala pärast hakkas aku paisuma ja puuteplaat kerkib üles.",
                "Aku on punnis ja kaas ei sulgu enam korralikult.",
                "Aku paisus ja surub põhjakaant välja.",
                "Arvuti aku on paistes, kardan seda edasi kasutada.",
                "Laadimise ajal läheb aku kuumaks ja korpus on kõveraks läinud.",
                "Paisunud aku on klaviatuuri keskelt üles tõstnud.",
                "Arvuti ei seisa enam laual sirgelt, sest aku on paisunud.",
                "Puuteplaat ei klõpsa enam, sest selle all olev aku on paisunud.",
                "Randmetoe all on kühm, tundub, et aku paisub.",
                "Aku paisus nii palju, et põhjapaneel hüppas lahti.",
                "Aku on paisunud ja korpus on servast lahti läinud.",
                "Märkasin, et arvuti kõigub laual – all olev aku on paisunud.",
            ),
            "pos": (
                "Aku peab vastu terve tööpäeva.",
                "Aku kestvus on suurepärane, laen arvutit vaid üle päeva.",
                "Väga hea aku, isegi videokõnede korral jätkub seda õhtuni.",
                "Pikkadel rongisõitudel on aku vastupidavus muljetavaldav.",
                "Aku peab kenasti vastu terve loengupäeva.",
                "Aku pärast ei pea üldse muretsema, see lihtsalt kestab.",
                "Kergel kasutusel kestab üks laadimine kaks päeva.",
            ),
        },
        "pl": {
            "neg": (
                "Bateria rozładowuje się zdecydowanie za szybko, ledwo {hours} godziny normalnej pracy.",
                "Czas pracy na baterii jest dużo krótszy, niż obiecywano w reklamie.",
                "Bateria w ogóle nie trzyma, muszę wszędzie nosić ze sobą ładowarkę.",
                "Laptop traci energię nawet wtedy, gdy jest wyłączony.",
                "Wskaźnik baterii spada nagle z 40% do zera.",
                "Już po kilku miesiącach bateria trzyma wyraźnie krócej.",
                "Przy połowie jasności ekranu bateria jest pusta przed obiadem.",
                "Słaba bateria jak na laptopa reklamowanego jako sprzęt do podróży.",
                "Na baterii wytrzymuje może {hours} godziny, a obiecywano dziesięć.",
                "Bateria ledwo wystarcza na jedno spotkanie z włączoną kamerą.",
                "Bateria traci 20% w godzinę przeglądania internetu.",
                "Po ostatniej aktualizacji bateria trzyma krócej.",
                "Nie jestem w stanie przetrwać jednego wykładu bez podłączania ładowarki.",
            ),
            "swelling": (
                "Po kilku tygodniach bateria zaczęła puchnąć i touchpad się unosi.",
                "Bateria jest wybrzuszona i klapa przestała się domykać.",
                "Bateria spuchła i wypycha dolną pokrywę.",
                "Bateria w moim laptopie jest spuchnięta, boję się go dalej używać.",
                "Podczas ładowania bateria mocno się nagrzewa, a obudowa się wygięła.",
                "Spuchnięta bateria wypchnęła klawiaturę do góry na środku.",
                "Laptop nie leży już płasko na biurku, bo bateria się wybrzuszyła.",
                "Touchpad przestał klikać, bo bateria pod nim spuchła.",
                "Pod podpórką na nadgarstki zrobiło się wybrzuszenie, chyba puchnie bateria.",
                "Bateria napuchła tak bardzo, że dolny panel sam się otworzył.",
                "Bateria spuchła i obudowa rozchodzi się na łączeniu.",
                "Zauważyłem, że laptop kiwa się na stole – bateria pod spodem spuchła.",
            ),
            "pos": (
                "Bateria wytrzymuje cały dzień pracy.",
                "Świetny czas pracy na baterii, ładuję laptopa co drugi dzień.",
                "Bateria trzyma bardzo długo, nawet przy wideorozmowach.",
                "Imponujący czas pracy na baterii podczas długich podróży pociągiem.",
                "Bateria spokojnie wystarcza na cały dzień zajęć.",
                "O baterię w ogóle nie muszę się martwić, po prostu działa i działa.",
                "Przy lekkim użytkowaniu jedno ładowanie wystarcza na dwa dni.",
            ),
        },
    },
    "display": {
        "en": {
            "neg": (
                "There is a visible gap between the screen and the bezel.",
                "The display bezel is not flush, one corner sticks out.",
                "Light leaks at the edge of the screen because the frame does not sit tight.",
                "Dust gets under the screen frame and the gap is uneven.",
                "The screen frame came loose within the first week.",
                "The bezel creaks when I open the lid and there is a gap around the display.",
                "The display frame is crooked, you can fit a fingernail into the gap.",
                "Uneven gap around the screen, it looks cheap.",
                "The bezel around the display lifts at the bottom edge.",
                "You can see light bleeding through the gap at the side of the screen.",
                "The plastic frame around the screen is not aligned.",
                "There is a gap at the top of the display where the bezel does not meet the panel.",
                "The screen surround has come away on the left side.",
            ),
            "pos": (
                "The screen is sharp and bright.",
                "Beautiful display with accurate colours.",
                "The matte screen is great for working outdoors.",
                "Lovely display, text looks crisp.",
                "Bright enough to work by the window.",
            ),
        },
        "et": {
            "neg": (
                "Ekraani ja raami vahel on näha pilu.",
                "Ekraaniraam ei ole ühetasane, üks nurk ulatub välja.",
                "Ekraani servast paistab valgus läbi, sest raam ei istu tihedalt.",
                "Ekraaniraami alla koguneb tolmu ja vahe on ebaühtlane.",
                "Ekraani raam tuli juba esimesel nädalal lahti.",
                "Kaane avamisel raam krigiseb ja ekraani ümber on vahe.",
                "Ekraaniraam on viltu, pilusse mahub küüs.",
                "Ekraani ümber on ebaühtlane vahe, näeb odav välja.",
                "Ekraani ümbritsev raam kerkib alumisest servast üles.",
                "Ekraani küljel olevast vahest paistab valgus läbi.",
                "Ekraani ümbritsev plastraam ei ole joondatud.",
                "Ekraani ülaservas on vahe, kus raam ei ulatu paneelini.",
                "Ekraaniraam on vasakult küljelt eemale tulnud.",
            ),
            "pos": (
                "Ekraan on terav ja hele.",
                "Ilus ekraan, värvid on täpsed.",
                "Matt ekraan sobib suurepäraselt õues töötamiseks.",
                "Väga kena ekraan, tekst on selge ja terav.",
                "Piisavalt hele, et akna all töötada.",
            ),
        },
        "pl": {
            "neg": (
                "Między ekranem a ramką jest widoczna szczelina.",
                "Ramka ekranu nie przylega równo, jeden róg odstaje.",
                "Przy krawędzi ekranu prześwituje światło, bo ramka źle przylega.",
                "Pod ramkę ekranu dostaje się kurz, a szczelina jest nierówna.",
                "Ramka wyświetlacza odkleiła się już w pierwszym tygodniu.",
                "Przy otwieraniu klapy ramka trzeszczy, a wokół ekranu widać szparę.",
                "Ramka ekranu jest krzywa, w szparę wchodzi paznokieć.",
                "Nierówna szczelina wokół ekranu, wygląda to tandetnie.",
                "Ramka wokół wyświetlacza podnosi się przy dolnej krawędzi.",
                "Przez szparę z boku ekranu przebija światło.",
                "Plastikowa ramka wokół ekranu nie jest wyrównana.",
                "U góry wyświetlacza jest szpara, bo ramka nie dochodzi do matrycy.",
                "Ramka ekranu odstaje z lewej strony.",
            ),
            "pos": (
                "Ekran jest ostry i jasny.",
                "Piękny wyświetlacz o wiernych kolorach.",
                "Matowy ekran świetnie sprawdza się przy pracy na zewnątrz.",
                "Bardzo ładny ekran, tekst jest wyraźny.",
                "Wystarczająco jasny, żeby pracować przy oknie.",
            ),
        },
    },
    "delivery": {
        "en": {
            "neg": (
                "The delivery took {days} days instead of the promised few.",
                "My order arrived more than a week late.",
                "Nobody told me the shipment was delayed.",
                "The courier postponed the delivery several times.",
                "Tracking showed no progress for days.",
                "I waited {days} days for a laptop that was listed as in stock.",
                "Delivery was late and I had to chase it by phone.",
                "The parcel was stuck at the depot for a week.",
                "The package arrived a week after the promised date.",
                "The delivery date changed three times.",
            ),
            "pos": (
                "Fast delivery, it arrived in two days.",
                "Delivery was quick and the box was well packed.",
                "Ordered on Monday, had it on Wednesday.",
                "The courier was on time and very friendly.",
                "Delivered the day after I ordered.",
            ),
        },
        "et": {
            "neg": (
                "Tarne võttis aega {days} päeva, kuigi lubati paari päevaga.",
                "Tellimus jõudis kohale üle nädala hiljem.",
                "Keegi ei teatanud, et saadetis hilineb.",
                "Kuller lükkas kohaletoimetamist mitu korda edasi.",
                "Jälgimiskood ei näidanud päevade kaupa mingit liikumist.",
                "Ootasin {days} päeva arvutit, mis oli märgitud laos olevaks.",
                "Tarne hilines ja pidin ise helistama ning järele uurima.",
                "Pakk seisis nädal aega terminalis.",
                "Pakk saabus nädal pärast lubatud kuupäeva.",
                "Tarnekuupäev muutus kolm korda.",
            ),
            "pos": (
                "Kiire tarne, pakk jõudis kohale kahe päevaga.",
                "Tarne oli kiire ja pakend korralik.",
                "Tellisin esmaspäeval, kolmapäeval oli arvuti käes.",
                "Kuller tuli õigel ajal ja oli väga sõbralik.",
                "Arvuti toodi kohale juba järgmisel päeval pärast tellimist.",
            ),
        },
        "pl": {
            "neg": (
                "Dostawa trwała {days} dni zamiast obiecanych kilku.",
                "Zamówienie dotarło z ponad tygodniowym opóźnieniem.",
                "Nikt mnie nie poinformował, że przesyłka się opóźni.",
                "Kurier kilka razy przekładał dostawę.",
                "Śledzenie przesyłki przez kilka dni nie pokazywało żadnych zmian.",
                "Czekałem {days} dni na laptopa, który był oznaczony jako dostępny od ręki.",
                "Dostawa się spóźniła i musiałam sama dzwonić, żeby się czegoś dowiedzieć.",
                "Paczka przez tydzień utknęła w sortowni.",
                "Paczka dotarła tydzień po obiecanym terminie.",
                "Termin dostawy zmieniano trzy razy.",
            ),
            "pos": (
                "Szybka dostawa, paczka przyszła w dwa dni.",
                "Dostawa była szybka, a towar dobrze zapakowany.",
                "Zamówiłem w poniedziałek, w środę laptop był już u mnie.",
                "Kurier był punktualny i bardzo uprzejmy.",
                "Dostarczono już następnego dnia po złożeniu zamówienia.",
            ),
        },
    },
    "support": {
        "en": {
            "neg": (
                "Support took {days} days to answer a simple question.",
                "I have been waiting for a reply from customer service for over a week.",
                "Nobody from support ever calls back.",
                "Our company no longer has a dedicated contact and tickets stay open for weeks.",
                "The support line is always busy.",
                "Support keeps asking for the same information again and again.",
                "Our warranty ticket has been open for a month without any update.",
                "Business support used to be great, now it takes ages to get an answer.",
                "I was transferred between departments four times.",
                "The chat bot could not help and no human ever replied.",
            ),
            "pos": (
                "Support solved my problem the same day.",
                "Very helpful and friendly customer service.",
                "The support agent was patient and knew the product well.",
                "They replaced my charger within two days.",
            ),
        },
        "et": {
            "neg": (
                "Klienditugi vastas lihtsale küsimusele alles {days} päeva pärast.",
                "Ootan klienditeeninduse vastust juba üle nädala.",
                "Klienditoest ei helista keegi kunagi tagasi.",
                "Meie ettevõttel pole enam oma kontaktisikut ja pöördumised seisavad nädalaid lahendamata.",
                "Klienditoe telefon on kogu aeg kinni.",
                "Tugi küsib ikka ja jälle samu andmeid.",
                "Meie garantiipöördumine on olnud kuu aega avatud ilma ühegi uudiseta.",
                "Ärikliendi tugi oli varem suurepärane, nüüd tuleb vastust oodata igavesti.",
                "Mind suunati ühest osakonnast teise neli korda.",
                "Vestlusrobot ei osanud aidata ja inimeselt vastust ei tulnudki.",
            ),
            "pos": (
                "Klienditugi lahendas mu mure samal päeval.",
                "Väga abivalmis ja sõbralik klienditeenindus.",
                "Klienditoe töötaja oli kannatlik ja tundis toodet hästi.",
                "Laadija vahetati kahe päevaga välja.",
            ),
        },
        "pl": {
            "neg": (
                "Wsparcie odpowiedziało na proste pytanie dopiero po {days} dniach.",
                "Od ponad tygodnia czekam na odpowiedź działu obsługi klienta.",
                "Nikt z pomocy technicznej nigdy nie oddzwania.",
                "Nasza firma nie ma już stałego opiekuna, a zgłoszenia wiszą tygodniami.",
                "Infolinia jest ciągle zajęta.",
                "Dział wsparcia w kółko prosi o te same informacje.",
                "Nasze zgłoszenie gwarancyjne od miesiąca czeka bez żadnej odpowiedzi.",
                "Obsługa klientów biznesowych kiedyś była świetna, teraz na odpowiedź czeka się wieki.",
                "Przekierowywano mnie między działami cztery razy.",
                "Czatbot nie potrafił pomóc, a żaden człowiek nigdy nie odpisał.",
            ),
            "pos": (
                "Wsparcie rozwiązało mój problem tego samego dnia.",
                "Bardzo pomocna i uprzejma obsługa klienta.",
                "Konsultant był cierpliwy i dobrze znał produkt.",
                "Wymienili mi ładowarkę w dwa dni.",
            ),
        },
    },
    "rattle": {
        "en": {
            "neg": (
                "Something rattles inside the computer when I move it.",
                "A loose screw is rolling around inside the case.",
                "The chassis creaks and one of the bottom screws fell out.",
                "There is a rattling noise from the bottom panel.",
                "The bottom cover is loose and clicks while I type.",
                "When I tilt the computer I can hear something loose inside.",
                "Two screws on the underside were not tightened and the case wobbles.",
                "It rattles like a box of nails whenever I pick it up.",
                "The bottom panel screws keep coming loose.",
                "The case was clearly not screwed together properly.",
            ),
        },
        "et": {
            "neg": (
                "Arvuti sees logiseb midagi, kui seda liigutan.",
                "Korpuse sees veereb lahtine kruvi.",
                "Korpus nagiseb ja üks põhja kruvidest kukkus välja.",
                "Põhjapaneelist kostab logisevat heli.",
                "Põhjakaas on lahti ja plõksub trükkimise ajal.",
                "Arvutit kallutades on kuulda, et sees on midagi lahti.",
                "Kaks kruvi põhja all olid kinni keeramata ja korpus kõigub.",
                "Iga kord, kui arvuti üles tõstan, kõliseb see nagu naelakarp.",
                "Põhjapaneeli kruvid tulevad aina lahti.",
                "Korpus ei olnud ilmselgelt korralikult kokku kruvitud.",
            ),
        },
        "pl": {
            "neg": (
                "Coś grzechocze w środku komputera, gdy go przesuwam.",
                "W obudowie turla się luźna śrubka.",
                "Obudowa skrzypi, a jedna ze śrubek od spodu wypadła.",
                "Z dolnego panelu dochodzi grzechotanie.",
                "Dolna pokrywa jest luźna i stuka podczas pisania.",
                "Kiedy przechylam komputer, słychać, że coś w środku jest luźne.",
                "Dwie śrubki od spodu nie były dokręcone i obudowa się chwieje.",
                "Za każdym razem, gdy go podnoszę, grzechocze jak pudełko gwoździ.",
                "Śrubki dolnego panelu ciągle się luzują.",
                "Obudowa najwyraźniej nie została porządnie skręcona.",
            ),
        },
    },
    "usb-c": {
        "en": {
            "neg": (
                "Please add USB-C charging, I don't want to carry a separate charger.",
                "It's 2026 and it still can't charge over USB-C?",
                "I wish I could charge it with a regular USB-C charger.",
                "The proprietary charger is a pain, USB-C charging would be much better.",
                "The next model really needs USB-C power delivery.",
                "With USB-C charging I could charge my phone and laptop with one cable.",
                "Everything else in our office charges via USB-C, only this laptop doesn't.",
                "Missing USB-C charging is the only reason I'd hesitate to buy again.",
                "Why can't I use my USB-C phone charger with this laptop?",
                "A USB-C charging port would make travelling so much easier.",
            ),
        },
        "et": {
            "neg": (
                "Palun lisage USB-C laadimine, ma ei taha eraldi laadijat kaasas kanda.",
                "On aasta 2026 ja seda ei saa ikka veel USB-C kaudu laadida?",
                "Tahaksin arvutit laadida tavalise USB-C laadijaga.",
                "Oma laadija on tüütu, USB-C kaudu laadimine oleks palju mugavam.",
                "Järgmine mudel peab kindlasti toetama USB-C kaudu laadimist.",
                "USB-C laadimisega saaksin telefoni ja arvutit ühe juhtmega laadida.",
                "Meie kontoris laeb kõik USB-C kaudu, ainult see arvuti mitte.",
                "USB-C laadimise puudumise tõttu kõhkleksin uuesti ostmisel.",
                "Miks ma ei saa selle arvutiga oma telefoni USB-C laadijat kasutada?",
                "USB-C laadimispesa teeks reisimise palju lihtsamaks.",
            ),
        },
        "pl": {
            "neg": (
                "Proszę dodać ładowanie przez USB-C, nie chcę nosić osobnej ładowarki.",
                "Mamy 2026 rok, a ten laptop wciąż nie ładuje się przez USB-C?",
                "Chciałbym ładować laptopa zwykłą ładowarką USB-C.",
                "Firmowy zasilacz to udręka, ładowanie przez USB-C byłoby dużo wygodniejsze.",
                "Następny model koniecznie musi obsługiwać ładowanie przez USB-C.",
                "Z ładowaniem przez USB-C mogłabym ładować telefon i laptopa jednym kablem.",
                "W naszym biurze wszystko ładuje się przez USB-C, tylko ten laptop nie.",
                "Brak ładowania przez USB-C to jedyny powód, dla którego zastanowiłbym się przed kolejnym zakupem.",
                "Dlaczego nie mogę używać do tego laptopa ładowarki USB-C od telefonu?",
                "Port USB-C do ładowania bardzo ułatwiłby podróżowanie.",
            ),
        },
    },
    "price": {
        "en": {
            "neg": (
                "Too expensive for what you get.",
                "The price went up again, it is hard to justify.",
                "Competitors offer more for the same money.",
                "The extended warranty costs far too much.",
                "Accessories are overpriced.",
            ),
            "pos": (
                "Great value for money.",
                "Good price for this quality.",
                "Fair price, especially with the student discount.",
                "Cheaper than comparable brands and just as good.",
            ),
        },
        "et": {
            "neg": (
                "Liiga kallis selle eest, mida saad.",
                "Hind tõusis jälle, seda on raske õigustada.",
                "Konkurendid pakuvad sama raha eest rohkem.",
                "Lisagarantii on liiga kallis.",
                "Lisatarvikud on ülehinnatud.",
            ),
            "pos": (
                "Hinna ja kvaliteedi suhe on suurepärane.",
                "Selle kvaliteedi kohta hea hind.",
                "Õiglane hind, eriti üliõpilassoodustusega.",
                "Odavam kui võrreldavad kaubamärgid ja sama hea.",
            ),
        },
        "pl": {
            "neg": (
                "Za drogo jak na to, co się dostaje.",
                "Cena znowu wzrosła, trudno to uzasadnić.",
                "Konkurencja oferuje więcej za te same pieniądze.",
                "Przedłużona gwarancja kosztuje zdecydowanie za dużo.",
                "Akcesoria są przesadnie drogie.",
            ),
            "pos": (
                "Świetny stosunek jakości do ceny.",
                "Dobra cena jak na tę jakość.",
                "Uczciwa cena, zwłaszcza ze zniżką studencką.",
                "Tańszy niż porównywalne marki, a równie dobry.",
            ),
        },
    },
    "keyboard": {
        "en": {
            "neg": (
                "Some keys stick and the space bar wobbles.",
                "The keyboard feels mushy and the key travel is too short.",
                "The backlight is uneven, half the keys stay dark.",
                "The E key stopped working after two months.",
                "The keyboard flexes in the middle when typing.",
            ),
            "pos": (
                "The keyboard is a pleasure to type on.",
                "Comfortable keyboard with nice key travel.",
                "Quiet keyboard, perfect for meetings.",
                "Nice backlight, easy to type in the dark.",
            ),
        },
        "et": {
            "neg": (
                "Mõned klahvid jäävad kinni ja tühikuklahv kõigub.",
                "Klaviatuur tundub pehme ja klahvikäik on liiga lühike.",
                "Taustvalgus on ebaühtlane, pooled klahvid jäävad pimedaks.",
                "E-täht lakkas kahe kuu pärast töötamast.",
                "Klaviatuur nõtkub trükkimisel keskelt.",
            ),
            "pos": (
                "Klaviatuuril on mõnus trükkida.",
                "Mugav klaviatuur, klahvidel on hea käik.",
                "Vaikne klaviatuur, koosolekutel ideaalne.",
                "Kena taustvalgus, pimedas on lihtne trükkida.",
            ),
        },
        "pl": {
            "neg": (
                "Niektóre klawisze się zacinają, a spacja się chwieje.",
                "Klawiatura jest gąbczasta, a skok klawiszy za płytki.",
                "Podświetlenie jest nierówne, połowa klawiszy pozostaje ciemna.",
                "Klawisz E przestał działać po dwóch miesiącach.",
                "Klawiatura ugina się na środku podczas pisania.",
            ),
            "pos": (
                "Na tej klawiaturze świetnie się pisze.",
                "Wygodna klawiatura z przyjemnym skokiem klawiszy.",
                "Cicha klawiatura, idealna na spotkania.",
                "Ładne podświetlenie, łatwo pisać po ciemku.",
            ),
        },
    },
    "praise": {
        "en": {
            "pos": (
                "Very happy with the computer, fast and quiet.",
                "Excellent build quality, I'd buy again.",
                "Everything works perfectly, thank you!",
                "Light, fast and well made.",
                "Best laptop I have owned so far.",
                "Great machine for work and study.",
                "Setup took five minutes and everything just worked.",
                "Runs all my software without breaking a sweat.",
                "Solid aluminium body, feels premium.",
                "Exactly what I needed.",
            ),
        },
        "et": {
            "pos": (
                "Olen arvutiga väga rahul, see on kiire ja vaikne.",
                "Suurepärane ehituskvaliteet, ostaksin uuesti.",
                "Kõik töötab laitmatult, aitäh!",
                "Kerge, kiire ja hästi tehtud.",
                "Parim sülearvuti, mis mul seni olnud on.",
                "Suurepärane masin nii tööks kui ka õppimiseks.",
                "Seadistamine võttis viis minutit ja kõik lihtsalt töötas.",
                "Kõik mu programmid jooksevad probleemideta.",
                "Tugev alumiiniumkorpus, tundub kvaliteetne.",
                "Täpselt see, mida vajasin.",
            ),
        },
        "pl": {
            "pos": (
                "Jestem bardzo zadowolony z komputera, jest szybki i cichy.",
                "Świetna jakość wykonania, kupiłabym ponownie.",
                "Wszystko działa bez zarzutu, dziękuję!",
                "Lekki, szybki i solidnie wykonany.",
                "Najlepszy laptop, jaki do tej pory miałem.",
                "Świetny sprzęt do pracy i nauki.",
                "Konfiguracja zajęła pięć minut i wszystko od razu działało.",
                "Wszystkie moje programy działają bez zająknięcia.",
                "Solidna aluminiowa obudowa, czuć jakość.",
                "Dokładnie tego potrzebowałam.",
            ),
        },
    },
}

OPENERS: dict[str, dict[str, tuple[str, ...]]] = {
    "neg": {
        "en": ("Disappointed.", "Not what I expected.", "Unfortunately I have to complain."),
        "et": ("Olen pettunud.", "Ootasin paremat.", "Kahjuks pean kurtma."),
        "pl": (
            "Jestem rozczarowany.",
            "Spodziewałam się czegoś lepszego.",
            "Niestety muszę się poskarżyć.",
        ),
    },
    "pos": {
        "en": ("Great purchase.", "Very satisfied."),
        "et": ("Suurepärane ost.", "Väga rahul."),
        "pl": ("Świetny zakup.", "Bardzo zadowolona."),
    },
}

CLOSERS: dict[str, dict[str, tuple[str, ...]]] = {
    "neg": {
        "en": ("Please fix this.", "Not happy.", "I expected better from Nordlap."),
        "et": ("Palun parandage see ära.", "Ei ole rahul.", "Nordlapilt ootasin paremat."),
        "pl": (
            "Proszę to naprawić.",
            "Nie jestem zadowolony.",
            "Po Nordlapie spodziewałem się więcej.",
        ),
    },
    "pos": {
        "en": ("Recommended!", "Thanks!"),
        "et": ("Soovitan!", "Aitäh!"),
        "pl": ("Polecam!", "Dzięki!"),
    },
    "otherwise": {
        "en": ("Otherwise I am happy with it.", "Apart from that, a good computer."),
        "et": ("Muidu olen rahul.", "Muus osas hea arvuti."),
        "pl": ("Poza tym jestem zadowolony.", "Poza tym dobry komputer."),
    },
}

# Who is writing and why they bought: said now and then at the start of a comment.
CONTEXT_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "Bought it for work.",
        "I use it mostly for my studies.",
        "This is our second Nordlap at home.",
        "We equipped the whole team with these laptops.",
        "I bought it as a gift.",
        "I mainly use it for video calls and spreadsheets.",
    ),
    "et": (
        "Ostsin selle tööks.",
        "Kasutan seda peamiselt õppimiseks.",
        "See on meie kodus juba teine Nordlap.",
        "Varustasime kogu meeskonna nende sülearvutitega.",
        "Ostsin selle kingituseks.",
        "Kasutan seda peamiselt videokõnedeks ja tabelitega töötamiseks.",
    ),
    "pl": (
        "Kupiłem go do pracy.",
        "Używam go głównie do nauki.",
        "To już drugi Nordlap w naszym domu.",
        "Wyposażyliśmy w te laptopy cały zespół.",
        "Kupiłam go na prezent.",
        "Używam go głównie do wideorozmów i arkuszy kalkulacyjnych.",
    ),
}

GREETINGS: dict[str, tuple[str, ...]] = {
    "en": ("Hello,", "Dear Nordlap team,", "Hi,", "Good afternoon,"),
    "et": ("Tere!", "Tere, Nordlapi meeskond!", "Lugupeetud klienditugi!", "Tere päevast!"),
    "pl": ("Dzień dobry,", "Szanowni Państwo,", "Witam,", "Dzień dobry Państwu,"),
}

CONTEXTS: dict[str, tuple[str, ...]] = {
    "en": (
        "I am writing about order {order}.",
        "Regarding my order {order}:",
        "I bought one of your computers a few weeks ago.",
        "This concerns order {order}.",
    ),
    "et": (
        "Kirjutan tellimuse {order} kohta.",
        "Seoses tellimusega {order}:",
        "Ostsin paar nädalat tagasi teie arvuti.",
        "Pöördun tellimuse {order} asjus.",
    ),
    "pl": (
        "Piszę w sprawie zamówienia {order}.",
        "Dotyczy zamówienia {order}.",
        "Kilka tygodni temu kupiłem u Państwa komputer.",
        "Zwracam się w sprawie zamówienia {order}.",
    ),
}

REQUESTS: dict[str, dict[str, tuple[str, ...]]] = {
    "battery": {
        "en": (
            "Please replace the battery or the whole device.",
            "I want a safe replacement as soon as possible.",
        ),
        "et": (
            "Palun vahetage aku või kogu seade välja.",
            "Soovin võimalikult kiiresti ohutut asendust.",
        ),
        "pl": (
            "Proszę o wymianę baterii lub całego urządzenia.",
            "Proszę o jak najszybszą, bezpieczną wymianę.",
        ),
    },
    "display": {
        "en": (
            "Please repair or replace the display.",
            "I expect this to be fixed under warranty.",
        ),
        "et": (
            "Palun parandage või vahetage ekraan.",
            "Eeldan, et see parandatakse garantii korras.",
        ),
        "pl": ("Proszę o naprawę lub wymianę ekranu.", "Oczekuję naprawy w ramach gwarancji."),
    },
    "delivery": {
        "en": ("I would like a refund of the shipping cost.", "Please explain what happened."),
        "et": ("Soovin tarnekulu hüvitamist.", "Palun selgitage, mis juhtus."),
        "pl": ("Proszę o zwrot kosztów wysyłki.", "Proszę o wyjaśnienie, co się stało."),
    },
    "support": {
        "en": ("Please deal with our ticket urgently.", "We need a named contact person again."),
        "et": (
            "Palun võtke meie pöördumine kiiresti käsile.",
            "Vajame taas kindlat kontaktisikut.",
        ),
        "pl": (
            "Proszę o pilne zajęcie się naszym zgłoszeniem.",
            "Potrzebujemy znowu stałego opiekuna.",
        ),
    },
    "rattle": {
        "en": ("Please fix the chassis under warranty.", "How do I send it in for repair?"),
        "et": ("Palun parandage korpus garantii korras.", "Kuidas saan arvuti remonti saata?"),
        "pl": (
            "Proszę o naprawę obudowy w ramach gwarancji.",
            "Jak mogę wysłać komputer do naprawy?",
        ),
    },
    "usb-c": {
        "en": (
            "Please tell me whether a USB-C version is planned.",
            "Is there an adapter you can recommend?",
        ),
        "et": (
            "Palun andke teada, kas USB-C-ga versioon on plaanis.",
            "Kas oskate soovitada mõnda adapterit?",
        ),
        "pl": (
            "Proszę o informację, czy planowana jest wersja z USB-C.",
            "Czy mogą Państwo polecić jakiś adapter?",
        ),
    },
    "price": {
        "en": ("I would like a price adjustment.", "Can you offer a discount?"),
        "et": ("Soovin hinnakorrektsiooni.", "Kas saate pakkuda allahindlust?"),
        "pl": ("Proszę o korektę ceny.", "Czy mogą Państwo zaproponować rabat?"),
    },
    "keyboard": {
        "en": ("Please replace the keyboard.", "I expect a repair under warranty."),
        "et": ("Palun vahetage klaviatuur välja.", "Ootan garantiiremonti."),
        "pl": ("Proszę o wymianę klawiatury.", "Oczekuję naprawy gwarancyjnej."),
    },
}

SIGN_OFFS: dict[str, tuple[str, ...]] = {
    "en": ("Thanks.", "Regards.", "Best regards.", "Thank you in advance."),
    "et": ("Tänan!", "Lugupidamisega.", "Ette tänades.", "Parimat."),
    "pl": ("Pozdrawiam.", "Z poważaniem.", "Z góry dziękuję.", "Dziękuję."),
}

# Words that only make sense for a laptop (the Mini is a desktop without battery or screen).
_LAPTOP_ONLY = re.compile(
    r"laptop|touchpad|lid\b|palm rest|sülearvuti|puuteplaat|kaane?\b|randmetoe|klap|podpórk",
    re.IGNORECASE,
)


def _pick(rng: np.random.Generator, options: tuple[str, ...], laptop: bool) -> str:
    if not laptop:
        filtered = tuple(o for o in options if not _LAPTOP_ONLY.search(o))
        options = filtered or options
    return options[int(rng.integers(len(options)))]


def _fill(text: str, rng: np.random.Generator, order: str) -> str:
    if "{" not in text:
        return text
    return text.format(days=int(rng.integers(8, 31)), hours=int(rng.integers(2, 5)), order=order)


def sentence(
    rng: np.random.Generator, lang: str, topic: str, kind: str, laptop: bool = True, order: str = ""
) -> str:
    """One sentence on ``topic`` of ``kind`` ("neg", "pos", "swelling") in ``lang``."""
    return _fill(_pick(rng, SENTENCES[topic][lang][kind], laptop), rng, order)


def comment(
    rng: np.random.Generator,
    lang: str,
    parts: list[tuple[str, str]],
    laptop: bool = True,
) -> str:
    """A survey comment: the (topic, kind) parts in order, with optional opener/closer."""
    negative = any(kind != "pos" for _, kind in parts)
    tone = "neg" if negative else "pos"
    out: list[str] = []
    u = rng.random()
    if u < 0.12 and (parts[0][1] == "pos") == (tone == "pos"):
        out.append(_pick(rng, OPENERS[tone][lang], laptop))
    elif u < 0.24:
        out.append(_pick(rng, CONTEXT_SENTENCES[lang], laptop))
    out.extend(sentence(rng, lang, topic, kind, laptop) for topic, kind in parts)
    if negative and parts[0][1] != "pos" and len(parts) == 1 and rng.random() < 0.12:
        out.append(_pick(rng, CLOSERS["otherwise"][lang], laptop))
    elif rng.random() < 0.15:
        out.append(_pick(rng, CLOSERS[tone][lang], laptop))
    return casual(rng, " ".join(out))


def casual(rng: np.random.Generator, text: str) -> str:
    """People type casually: sometimes no final full stop, sometimes a lower-case start."""
    u = rng.random()
    if u < 0.12 and text.endswith("."):
        return text[:-1]
    if u < 0.18:
        return text[0].lower() + text[1:]
    return text


def complaint(
    rng: np.random.Generator,
    lang: str,
    topic: str,
    kind: str,
    order: str,
    laptop: bool = True,
) -> str:
    """A complaint letter: greeting, context, one or two problem sentences, request."""
    out: list[str] = []
    greeting = _pick(rng, GREETINGS[lang], laptop) if rng.random() < 0.6 else ""
    if rng.random() < 0.55:
        ctx = _pick(rng, CONTEXTS[lang], laptop)
        if "{order}" in ctx and not order:
            ctx = _pick(rng, tuple(c for c in CONTEXTS[lang] if "{order}" not in c), laptop)
        out.append(_fill(ctx, rng, order))
    options = SENTENCES[topic][lang][kind]
    first = _pick(rng, options, laptop)
    out.append(_fill(first, rng, order))
    if rng.random() < 0.4:
        second = _pick(rng, options, laptop)
        if second != first:
            out.append(_fill(second, rng, order))
    if topic in REQUESTS and rng.random() < 0.75:
        out.append(_pick(rng, REQUESTS[topic][lang], laptop))
    text = " ".join(out)
    # letters put the greeting and the sign-off on lines of their own
    if greeting:
        text = greeting + "\n" + text
    if rng.random() < 0.5:
        text = text + "\n" + _pick(rng, SIGN_OFFS[lang], laptop)
    return text
