"""Sentence banks of the random companies: shared service topics, boilerplate, other languages.

Every sentence is a complete sentence written for its language (Estonian and Polish with
their own inflection, not a translation machine's output). A bank is written as plain
text blocks: a line ``@topic lang kind`` starts a block, each following non-empty line is
one sentence. Kinds: ``neg`` (a problem, or for a wished-for feature the wish), ``pos``
(praise of that aspect), and part-specific failure kinds (``swelling``). Placeholders:
``{days}`` (8–30), ``{brand}`` (the company's brand), ``{order}`` (an order id).

Industry topics live in ``_bank_industry.py``; ``_company_texts.py`` composes comments
and complaints from both.
"""

from __future__ import annotations

Bank = dict[str, dict[str, dict[str, tuple[str, ...]]]]

__all__ = [
    "BOILERPLATE",
    "OTHER_LANGUAGES",
    "SERVICE",
    "SHARED_EMERGING",
    "Bank",
    "merge",
    "parse",
]


def parse(text: str) -> Bank:
    """``@topic lang kind`` blocks of one sentence per line → {topic: {lang: {kind: …}}}."""
    bank: dict[str, dict[str, dict[str, list[str]]]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            topic, lang, kind = line[1:].split()
            current = bank.setdefault(topic, {}).setdefault(lang, {}).setdefault(kind, [])
        elif current is None:
            raise ValueError(f"sentence before the first @topic line: {line!r}")
        else:
            current.append(line)
    return {
        t: {lang: {k: tuple(v) for k, v in kinds.items()} for lang, kinds in langs.items()}
        for t, langs in bank.items()
    }


def merge(*banks: Bank) -> Bank:
    """Banks joined; a (topic, language, kind) in several banks gets all their sentences."""
    out: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
    for bank in banks:
        for topic, langs in bank.items():
            for lang, kinds in langs.items():
                slot = out.setdefault(topic, {}).setdefault(lang, {})
                for kind, sentences in kinds.items():
                    slot[kind] = slot.get(kind, ()) + tuple(
                        s for s in sentences if s not in slot.get(kind, ())
                    )
    return out


SERVICE = parse(
    """
@delivery en neg
The delivery took {days} days instead of the promised three.
My order arrived more than a week after the date you confirmed.
Nobody told me the parcel was delayed, I had to find out myself.
The courier rescheduled the delivery three times.
Tracking showed the same status for a whole week.
I waited {days} days although the product was listed as in stock.
The delivery was late and I had taken a day off work to receive it.
The parcel sat in the depot for days before anyone moved it.
Your delivery estimates have nothing to do with reality.
The shipment was late again, the second time in a row.
@delivery et neg
Tarne võttis aega {days} päeva, kuigi lubati kolme päevaga.
Tellimus jõudis kohale rohkem kui nädal pärast kinnitatud kuupäeva.
Keegi ei teatanud, et pakk hilineb, pidin ise asja uurima.
Kuller lükkas kohaletoimetamise kolm korda edasi.
Pakiseire näitas terve nädala sama olekut.
Ootasin {days} päeva, kuigi toode oli märgitud laos olevaks.
Tarne hilines ja ma olin selle vastuvõtmiseks töölt vaba päeva võtnud.
Pakk seisis mitu päeva terminalis, enne kui see edasi liikus.
Teie lubatud tarneajad ei vasta üldse tegelikkusele.
Saadetis hilines jälle, juba teist korda järjest.
@delivery pl neg
Dostawa trwała {days} dni zamiast obiecanych trzech.
Zamówienie dotarło ponad tydzień po potwierdzonym terminie.
Nikt mnie nie poinformował, że paczka się opóźni, musiałem sam to sprawdzać.
Kurier trzy razy przekładał termin dostawy.
Śledzenie przesyłki przez cały tydzień pokazywało ten sam status.
Czekałam {days} dni, chociaż produkt był oznaczony jako dostępny od ręki.
Dostawa się spóźniła, a ja wziąłem dzień wolny, żeby ją odebrać.
Paczka przez kilka dni leżała w sortowni, zanim ktokolwiek ją ruszył.
Podawane przez Państwa terminy dostaw nie mają nic wspólnego z rzeczywistością.
Przesyłka znowu się spóźniła, już drugi raz z rzędu.
@delivery en pos
Fast delivery, it arrived in two days.
Ordered on Monday, it was at my door on Wednesday.
The courier was on time and very friendly.
Delivered the day after I ordered, impressive.
Delivery was quick and I could follow the parcel the whole way.
The parcel arrived exactly on the promised day.
Smooth delivery, the driver even called ahead.
Faster delivery than I expected.
@delivery et pos
Kiire tarne, pakk jõudis kohale kahe päevaga.
Tellisin esmaspäeval ja kolmapäeval oli pakk ukse taga.
Kuller tuli õigel ajal ja oli väga sõbralik.
Toode jõudis kohale juba järgmisel päeval pärast tellimist.
Tarne oli kiire ja pakki sai kogu aeg jälgida.
Pakk saabus täpselt lubatud päeval.
Sujuv tarne, kuller helistas isegi enne ette.
Tarne oli kiirem, kui ootasin.
@delivery pl pos
Szybka dostawa, paczka przyszła w dwa dni.
Zamówiłam w poniedziałek, a w środę paczka była już pod drzwiami.
Kurier był punktualny i bardzo uprzejmy.
Dostawa już następnego dnia po zamówieniu, robi wrażenie.
Dostawa była szybka, a paczkę można było śledzić na każdym etapie.
Paczka dotarła dokładnie w obiecanym dniu.
Bezproblemowa dostawa, kierowca nawet wcześniej zadzwonił.
Dostawa była szybsza, niż się spodziewałem.

@support en neg
Support took {days} days to answer a simple question.
I have been waiting for a reply from customer service for over a week.
Nobody from support ever calls back.
The hotline is always busy and the queue never moves.
Support keeps asking for the same information again and again.
My ticket has been open for a month without a single update.
I was transferred between departments four times and nobody could help.
The chat bot could not help and no human ever replied.
Support answered with a copied text that had nothing to do with my question.
It used to be easy to reach someone, now it takes ages to get an answer.
@support et neg
Klienditugi vastas lihtsale küsimusele alles {days} päeva pärast.
Ootan klienditeeninduse vastust juba üle nädala.
Klienditoest ei helista keegi kunagi tagasi.
Infotelefon on alati kinni ja järjekord ei liigu.
Klienditugi küsib ikka ja jälle samu andmeid.
Minu pöördumine on olnud kuu aega avatud ilma ühegi uudiseta.
Mind suunati neli korda ühest osakonnast teise ja keegi ei osanud aidata.
Vestlusrobot ei osanud aidata ja inimeselt vastust ei tulnudki.
Klienditugi saatis kopeeritud vastuse, millel polnud minu küsimusega mingit pistmist.
Varem sai kellegagi kergesti ühendust, nüüd tuleb vastust oodata igavesti.
@support pl neg
Dział obsługi odpowiedział na proste pytanie dopiero po {days} dniach.
Od ponad tygodnia czekam na odpowiedź działu obsługi klienta.
Nikt z pomocy technicznej nigdy nie oddzwania.
Infolinia jest ciągle zajęta, a kolejka w ogóle się nie przesuwa.
Dział wsparcia w kółko prosi o te same informacje.
Moje zgłoszenie od miesiąca czeka bez żadnej odpowiedzi.
Przekierowywano mnie między działami cztery razy i nikt nie potrafił pomóc.
Czatbot nie potrafił pomóc, a żaden człowiek nigdy nie odpisał.
Dostałem skopiowaną odpowiedź, która nie miała nic wspólnego z moim pytaniem.
Kiedyś łatwo było się z kimś skontaktować, teraz na odpowiedź czeka się wieki.
@support en pos
Support solved my problem the same day.
Very helpful and friendly customer service.
The support agent was patient and knew the product well.
I got a clear answer within an hour.
They called me back the same afternoon, as promised.
The chat support was quick and to the point.
Customer service sorted everything out without any fuss.
Great support, they really took the time to help.
@support et pos
Klienditugi lahendas mu mure samal päeval.
Väga abivalmis ja sõbralik klienditeenindus.
Klienditoe töötaja oli kannatlik ja tundis toodet hästi.
Sain selge vastuse tunni ajaga.
Mulle helistati tagasi samal pärastlõunal, nagu lubati.
Vestlusabi oli kiire ja asjalik.
Klienditeenindus lahendas kõik ilma igasuguse jamata.
Suurepärane tugi, nad võtsid tõesti aega, et aidata.
@support pl pos
Dział wsparcia rozwiązał mój problem tego samego dnia.
Bardzo pomocna i uprzejma obsługa klienta.
Konsultant był cierpliwy i dobrze znał produkt.
Jasną odpowiedź dostałam w ciągu godziny.
Oddzwonili do mnie tego samego popołudnia, tak jak obiecali.
Pomoc na czacie była szybka i konkretna.
Obsługa klienta załatwiła wszystko bez żadnych problemów.
Świetne wsparcie, naprawdę poświęcili czas, żeby pomóc.

@invoices en neg
The invoice shows the wrong amount, we were charged twice for delivery.
Our company name and VAT number are wrong on the invoice again.
We received an invoice for an order we had cancelled.
The invoice does not match the price in the order confirmation.
Every invoice has to be corrected by hand before our accounting can book it.
We were billed for more units than we received.
The credit note for the returned item never arrived.
The invoice arrived without the purchase order number we asked for.
The discount agreed in our contract is missing from the invoices.
We got a payment reminder for an invoice that was already paid.
@invoices et neg
Arvel on vale summa, meilt võeti tarne eest kaks korda raha.
Meie ettevõtte nimi ja KMKR number on arvel jälle valesti.
Saime arve tellimuse eest, mille olime tühistanud.
Arve ei vasta tellimuse kinnituses olnud hinnale.
Iga arvet tuleb enne raamatupidamisse kandmist käsitsi parandada.
Meile esitati arve rohkemate toodete eest, kui kätte saime.
Tagastatud toote kreeditarvet pole siiani tulnud.
Arve tuli ilma ostutellimuse numbrita, mida me palusime.
Lepingus kokku lepitud allahindlust arvetel ei ole.
Saime meeldetuletuse arve kohta, mis oli juba tasutud.
@invoices pl neg
Na fakturze jest błędna kwota, za dostawę policzono nam dwa razy.
Nazwa naszej firmy i numer NIP znowu są błędne na fakturze.
Dostaliśmy fakturę za zamówienie, które anulowaliśmy.
Faktura nie zgadza się z ceną z potwierdzenia zamówienia.
Każdą fakturę trzeba ręcznie poprawiać, zanim księgowość może ją zaksięgować.
Zafakturowano nam więcej sztuk, niż otrzymaliśmy.
Korekta faktury za zwrócony towar nigdy nie dotarła.
Faktura przyszła bez numeru zamówienia, o który prosiliśmy.
Na fakturach brakuje rabatu uzgodnionego w umowie.
Dostaliśmy wezwanie do zapłaty za fakturę, która była już opłacona.
@invoices en pos
The invoice arrived right away and was correct.
Invoicing is clear and our accountant has no questions.
Invoices come with the purchase order number, exactly as we need them.
Paying by invoice was easy.
The invoice landed straight in our accounting system.
Billing was accurate and on time.
Clear invoices with every item listed.
The credit note was issued the same day.
@invoices et pos
Arve tuli kohe ja oli õige.
Arveldus on selge ja meie raamatupidajal pole küsimusi.
Arvetel on ostutellimuse number, täpselt nagu vajame.
Arvega maksmine oli lihtne.
Arve jõudis otse meie raamatupidamisprogrammi.
Arveldus oli täpne ja õigeaegne.
Selged arved, kus iga toode on eraldi välja toodud.
Kreeditarve väljastati samal päeval.
@invoices pl pos
Faktura przyszła od razu i była poprawna.
Faktury są przejrzyste, nasza księgowa nie ma pytań.
Faktury mają numer zamówienia, dokładnie tak, jak potrzebujemy.
Płatność przelewem na podstawie faktury była prosta.
Faktura trafiła prosto do naszego systemu księgowego.
Rozliczenie było dokładne i terminowe.
Przejrzyste faktury z każdą pozycją osobno.
Korektę faktury wystawiono tego samego dnia.

@price en neg
Too expensive for what you get.
The price went up again and it is hard to justify.
Competitors offer more for the same money.
The extended warranty costs far too much.
Accessories and spare parts are overpriced.
Shipping costs are surprisingly high.
I paid full price and a week later it was on sale for much less.
The price is simply too high for our budget.
@price et neg
Liiga kallis selle eest, mida saad.
Hind tõusis jälle ja seda on raske õigustada.
Konkurendid pakuvad sama raha eest rohkem.
Lisagarantii on liiga kallis.
Lisatarvikud ja varuosad on ülehinnatud.
Saatekulud on üllatavalt suured.
Maksin täishinna ja nädal hiljem müüdi sama toodet palju odavamalt.
Hind on meie eelarve jaoks lihtsalt liiga kõrge.
@price pl neg
Za drogo jak na to, co się dostaje.
Cena znowu wzrosła i trudno to uzasadnić.
Konkurencja oferuje więcej za te same pieniądze.
Przedłużona gwarancja kosztuje zdecydowanie za dużo.
Akcesoria i części zamienne są przesadnie drogie.
Koszty wysyłki są zaskakująco wysokie.
Zapłaciłem pełną cenę, a tydzień później był w promocji dużo taniej.
Cena jest po prostu za wysoka na nasz budżet.
@price en pos
Great value for money.
Good price for this quality.
Fair price, especially with the discount.
Cheaper than comparable brands and just as good.
Worth every euro.
The price was the reason I chose you, and I don't regret it.
Reasonable price and no hidden costs.
Good deal during the sale.
@price et pos
Hinna ja kvaliteedi suhe on suurepärane.
Selle kvaliteedi kohta hea hind.
Õiglane hind, eriti koos allahindlusega.
Odavam kui võrreldavad kaubamärgid ja sama hea.
Iga sendi väärt.
Valisin teid hinna pärast ega kahetse.
Mõistlik hind ja mingeid varjatud kulusid.
Hea pakkumine allahindluse ajal.
@price pl pos
Świetny stosunek jakości do ceny.
Dobra cena jak na tę jakość.
Uczciwa cena, zwłaszcza z rabatem.
Tańszy niż porównywalne marki, a równie dobry.
Wart swojej ceny.
Wybrałam Państwa ze względu na cenę i nie żałuję.
Rozsądna cena i żadnych ukrytych kosztów.
Dobra okazja podczas wyprzedaży.

@packaging en neg
The box arrived crushed and the product inside was scratched.
Far too much plastic in the packaging.
The packaging was torn open when it arrived.
Nothing inside the box protected the product, it was sliding around.
The manual and the accessories were missing from the box.
The box was soaked through and falling apart.
A huge box for a small product, what a waste.
The seal on the box was broken, it looked like a returned item.
@packaging et neg
Kast saabus lömmis ja toode oli seest kriimustatud.
Pakendis on liiga palju plastikut.
Pakend oli kohale jõudes katki rebitud.
Kastis ei olnud midagi, mis toodet kaitseks, see loksus seal vabalt.
Kasutusjuhend ja tarvikud puudusid karbist.
Kast oli läbimärg ja lagunes käes.
Väikese toote jaoks hiiglaslik kast, täielik raiskamine.
Karbi kleebis oli katki, tundus nagu tagastatud toode.
@packaging pl neg
Karton przyszedł zgnieciony, a produkt w środku był porysowany.
W opakowaniu jest zdecydowanie za dużo plastiku.
Opakowanie było rozerwane, kiedy paczka dotarła.
Nic w pudełku nie zabezpieczało produktu, latał luzem.
W pudełku brakowało instrukcji i akcesoriów.
Karton był przemoczony i się rozpadał.
Ogromne pudło na mały produkt, co za marnotrawstwo.
Plomba na pudełku była zerwana, wyglądało to na zwrot.
@packaging en pos
Well packed, everything arrived in perfect condition.
Nice packaging without unnecessary plastic.
The box was sturdy and everything was well protected.
Neat packaging, it felt like unwrapping a gift.
Recyclable packaging, thank you for that.
Everything was carefully wrapped and nothing was missing.
Compact box and easy to unpack.
The product was packed very securely.
@packaging et pos
Hästi pakitud, kõik jõudis kohale laitmatus korras.
Kena pakend ilma liigse plastikuta.
Kast oli tugev ja kõik oli hästi kaitstud.
Korralik pakend, lahtipakkimine oli nagu kingituse avamine.
Taaskasutatav pakend, aitäh selle eest.
Kõik oli hoolikalt pakitud ja midagi ei puudunud.
Kompaktne kast ja lihtne lahti pakkida.
Toode oli väga turvaliselt pakitud.
@packaging pl pos
Dobrze zapakowane, wszystko dotarło w idealnym stanie.
Ładne opakowanie bez zbędnego plastiku.
Karton był solidny, a wszystko dobrze zabezpieczone.
Staranne opakowanie, rozpakowywanie było jak otwieranie prezentu.
Opakowanie nadaje się do recyklingu, dziękuję za to.
Wszystko było starannie zapakowane i niczego nie brakowało.
Kompaktowe pudełko, łatwe do rozpakowania.
Produkt był zapakowany bardzo bezpiecznie.

@returns en neg
I returned the product three weeks ago and still have not got my money back.
The return label never arrived.
Returning the item was complicated and took several emails.
You refused my return although it was within the 14 days.
The courier for the return never came to pick it up.
I had to pay the return shipping myself, which is not what your terms say.
The refund was smaller than the price I paid.
Nobody confirmed that my return was received.
@returns et neg
Tagastasin toote kolm nädalat tagasi ja pole raha siiani tagasi saanud.
Tagastussilti ei saadetudki.
Toote tagastamine oli keeruline ja nõudis mitut e-kirja.
Te keeldusite tagastusest, kuigi see jäi 14 päeva sisse.
Tagastuse kuller ei tulnudki pakki ära viima.
Pidin tagastuse saatekulu ise maksma, kuigi teie tingimustes on kirjas teisiti.
Tagasimakse oli väiksem kui hind, mille maksin.
Keegi ei kinnitanud, et minu tagastus on kätte saadud.
@returns pl neg
Zwróciłem produkt trzy tygodnie temu i nadal nie dostałem pieniędzy.
Etykieta zwrotna nigdy nie dotarła.
Zwrot towaru był skomplikowany i wymagał kilku maili.
Odmówili Państwo przyjęcia zwrotu, chociaż zmieściłam się w 14 dniach.
Kurier po zwrot w ogóle się nie pojawił.
Za wysyłkę zwrotną musiałem zapłacić sam, choć regulamin mówi co innego.
Zwrócona kwota była niższa niż cena, którą zapłaciłam.
Nikt nie potwierdził, że mój zwrot dotarł.
@returns en pos
The return was easy and the refund came within three days.
Returning the wrong model was completely painless.
Free returns and a quick refund, great service.
The return label was in the box, very convenient.
They picked up the return from my home the next day.
The exchange for a new one went smoothly.
Refund received the same week, thank you.
No questions asked when I returned it.
@returns et pos
Tagastamine oli lihtne ja raha tuli kolme päevaga tagasi.
Vale mudeli tagastamine läks täiesti valutult.
Tasuta tagastus ja kiire tagasimakse, suurepärane teenindus.
Tagastussilt oli karbis kaasas, väga mugav.
Tagastuse järele tuldi juba järgmisel päeval koju.
Uue vastu vahetamine läks sujuvalt.
Raha tuli tagasi samal nädalal, aitäh.
Tagastamisel ei esitatud ühtegi küsimust.
@returns pl pos
Zwrot był prosty, a pieniądze wróciły w trzy dni.
Zwrot złego modelu poszedł zupełnie bezboleśnie.
Darmowe zwroty i szybki zwrot pieniędzy, świetna obsługa.
Etykieta zwrotna była w pudełku, bardzo wygodne.
Zwrot odebrano z mojego domu już następnego dnia.
Wymiana na nowy egzemplarz przebiegła sprawnie.
Pieniądze wróciły w tym samym tygodniu, dziękuję.
Przy zwrocie nikt nie zadawał zbędnych pytań.

@app en neg
The website crashed twice while I was paying.
I can't log in to my account, the password reset email never comes.
The app keeps logging me out.
Order tracking in the app shows nothing at all.
The checkout page does not accept my card.
The website is slow and the search never finds what I need.
The app lost my order history after the update.
I couldn't change my delivery address online.
@app et neg
Veebileht jooksis maksmise ajal kaks korda kokku.
Ma ei saa kontole sisse logida, parooli taastamise e-kiri ei tule kunagi kohale.
Äpp logib mind pidevalt välja.
Äpis tellimuse jälgimine ei näita üldse midagi.
Maksmise leht ei võta minu kaarti vastu.
Veebileht on aeglane ja otsing ei leia kunagi seda, mida vajan.
Pärast uuendust kadus äpist minu tellimuste ajalugu.
Ma ei saanud veebis oma tarneaadressi muuta.
@app pl neg
Strona dwa razy się zawiesiła podczas płatności.
Nie mogę zalogować się na konto, mail do resetu hasła nigdy nie przychodzi.
Aplikacja ciągle mnie wylogowuje.
Śledzenie zamówienia w aplikacji nic nie pokazuje.
Strona płatności nie przyjmuje mojej karty.
Strona działa wolno, a wyszukiwarka nigdy nie znajduje tego, czego szukam.
Po aktualizacji z aplikacji zniknęła historia moich zamówień.
Nie udało mi się zmienić adresu dostawy przez internet.
@app en pos
Ordering on the website was quick and easy.
The app is clear and shows exactly where my order is.
Checkout took less than a minute.
Nice website, I found what I needed right away.
The app reminded me of the service date, handy.
Easy to compare models on your website.
Logging in and reordering takes two clicks.
The online configurator is really well done.
@app et pos
Veebilehel tellimine oli kiire ja lihtne.
Äpp on selge ja näitab täpselt, kus mu tellimus on.
Maksmine võttis alla minuti.
Kena veebileht, leidsin vajaliku kohe üles.
Äpp tuletas mulle hoolduse aega meelde, väga mugav.
Teie veebilehel on lihtne mudeleid võrrelda.
Sisselogimine ja uuesti tellimine võtab kaks klõpsu.
Veebis olev konfiguraator on tõesti hästi tehtud.
@app pl pos
Zamawianie na stronie było szybkie i proste.
Aplikacja jest przejrzysta i pokazuje dokładnie, gdzie jest moje zamówienie.
Płatność zajęła mniej niż minutę.
Ładna strona, od razu znalazłam to, czego potrzebowałam.
Aplikacja przypomniała mi o terminie serwisu, bardzo przydatne.
Na Państwa stronie łatwo porównać modele.
Logowanie i ponowne zamówienie to dwa kliknięcia.
Konfigurator online jest naprawdę dobrze zrobiony.

@praise en pos
Very happy with the purchase.
Everything works exactly as promised.
Excellent quality, I would buy again.
Does exactly what it should, no complaints.
Well made and a pleasure to use.
I have already recommended you to my friends.
Solid product, good service, thank you.
Better than I expected.
Exactly what I needed.
Top quality from start to finish.
@praise et pos
Olen ostuga väga rahul.
Kõik töötab täpselt nii, nagu lubati.
Suurepärane kvaliteet, ostaksin uuesti.
Teeb täpselt seda, mida peab, pole millegi üle kurta.
Hästi tehtud ja seda on rõõm kasutada.
Olen teid juba sõpradele soovitanud.
Korralik toode, hea teenindus, aitäh.
Parem, kui ootasin.
Täpselt see, mida vajasin.
Algusest lõpuni tipptasemel kvaliteet.
@praise pl pos
Jestem bardzo zadowolony z zakupu.
Wszystko działa dokładnie tak, jak obiecano.
Świetna jakość, kupiłabym ponownie.
Robi dokładnie to, co powinien, nie mam zastrzeżeń.
Solidnie wykonany, korzystanie z niego to przyjemność.
Poleciłem już Państwa znajomym.
Solidny produkt, dobra obsługa, dziękuję.
Lepszy, niż się spodziewałam.
Dokładnie tego potrzebowałem.
Najwyższa jakość od początku do końca.
"""
)

SHARED_EMERGING = parse(
    """
@parcel-locker en neg
Please offer delivery to a parcel locker, I am never home when the courier comes.
Why can't I choose a parcel machine as the delivery option?
Delivery to a parcel locker would make things so much easier.
Every other shop lets me pick a parcel locker, please add it.
I would order more often if you delivered to parcel lockers.
Home delivery only is a problem for me, a parcel locker option is missing.
Could you add pick-up from a parcel machine near my home?
A parcel locker option at checkout is really needed.
@parcel-locker et neg
Palun pakkuge tarnet pakiautomaati, ma pole kunagi kodus, kui kuller tuleb.
Miks ei saa tarneviisiks pakiautomaati valida?
Pakiautomaati tarnimine teeks asja palju lihtsamaks.
Kõik teised poed lasevad pakiautomaadi valida, palun lisage see.
Telliksin sagedamini, kui te saadaksite pakiautomaati.
Ainult kojutoimetamine on minu jaoks probleem, pakiautomaadi valik puudub.
Kas saaksite lisada võimaluse pakk kodulähedasest pakiautomaadist kätte saada?
Pakiautomaadi valikut on ostukorvis väga vaja.
@parcel-locker pl neg
Proszę o możliwość dostawy do paczkomatu, nigdy nie ma mnie w domu, gdy przyjeżdża kurier.
Dlaczego nie mogę wybrać paczkomatu jako formy dostawy?
Dostawa do paczkomatu bardzo by wszystko ułatwiła.
W każdym innym sklepie mogę wybrać paczkomat, proszę to dodać.
Zamawiałbym częściej, gdyby była dostawa do paczkomatu.
Sama dostawa do domu to dla mnie problem, brakuje opcji paczkomatu.
Czy mogliby Państwo dodać odbiór z paczkomatu blisko mojego domu?
Opcja paczkomatu przy składaniu zamówienia jest naprawdę potrzebna.

@e-invoice en neg
We need e-invoices sent straight to our accounting system.
Please support e-invoicing, PDF invoices by email create extra work for us.
Our finance department only accepts e-invoices from next quarter.
Can you send invoices as e-invoices instead of PDFs?
Without e-invoicing we will have to look for another supplier.
Other suppliers already send machine-readable e-invoices.
Please add an e-invoice option to the business account.
Typing your PDF invoices into our system by hand takes too much time.
@e-invoice et neg
Vajame e-arveid otse meie raamatupidamisprogrammi.
Palun võimaldage e-arveid, PDF-arved e-postiga tekitavad meile lisatööd.
Meie finantsosakond võtab alates järgmisest kvartalist vastu ainult e-arveid.
Kas saaksite arved saata PDF-i asemel e-arvetena?
Ilma e-arveteta peame hakkama uut tarnijat otsima.
Teised tarnijad saadavad juba masinloetavaid e-arveid.
Palun lisage ärikontole e-arve valik.
Teie PDF-arvete käsitsi sisestamine meie süsteemi võtab liiga palju aega.
@e-invoice pl neg
Potrzebujemy e-faktur wysyłanych prosto do naszego systemu księgowego.
Proszę o obsługę e-faktur, faktury PDF wysyłane mailem to dla nas dodatkowa praca.
Od następnego kwartału nasz dział finansowy przyjmuje tylko e-faktury.
Czy mogą Państwo wysyłać faktury jako e-faktury zamiast plików PDF?
Bez e-faktur będziemy musieli poszukać innego dostawcy.
Inni dostawcy już wysyłają ustrukturyzowane e-faktury.
Proszę dodać opcję e-faktury do konta firmowego.
Ręczne przepisywanie Państwa faktur PDF do naszego systemu zajmuje za dużo czasu.

@instalments en neg
Please offer payment in instalments, paying everything at once is hard.
I would buy the more expensive model if I could pay in monthly instalments.
Is there really no option to pay in parts?
Many shops offer buy now, pay later, why don't you?
An instalment plan at checkout would help a lot.
I had to postpone my purchase because there is no instalment option.
Please add a way to spread the payment over a few months.
Paying in three instalments would make the decision much easier.
@instalments et neg
Palun pakkuge järelmaksu võimalust, kogu summa korraga maksmine on raske.
Ostaksin kallima mudeli, kui saaksin maksta igakuiste osamaksetena.
Kas tõesti ei saa osade kaupa maksta?
Paljud poed pakuvad võimalust osta kohe ja maksta hiljem, miks teie mitte?
Järelmaksu valik ostukorvis aitaks väga.
Pidin ostu edasi lükkama, sest järelmaksu võimalust pole.
Palun lisage võimalus makse mitme kuu peale jagada.
Kolmes osas maksmine teeks otsustamise palju lihtsamaks.
@instalments pl neg
Proszę o możliwość zakupu na raty, zapłata całej kwoty naraz jest trudna.
Kupiłbym droższy model, gdybym mógł płacić w miesięcznych ratach.
Czy naprawdę nie ma opcji płatności w częściach?
Wiele sklepów oferuje płatność odroczoną, dlaczego u Państwa jej nie ma?
Opcja rat przy składaniu zamówienia bardzo by pomogła.
Musiałam odłożyć zakup, bo nie ma możliwości rozłożenia płatności na raty.
Proszę dodać możliwość rozłożenia płatności na kilka miesięcy.
Płatność w trzech ratach bardzo ułatwiłaby decyzję.
"""
)

#: Languages other than et/pl/en: a few sentences on the commonest themes. Texts of a
#: customer writing in one of them say "delivery", "support", a product problem
#: ("quality") or praise — no finer topic (documented in docs/scenarios.md).
OTHER_LANGUAGES = parse(
    """
@delivery de neg
Die Lieferung hat fast zwei Wochen gedauert.
Das Paket kam viel später als angekündigt.
Niemand hat mir gesagt, dass sich die Lieferung verzögert.
@support de neg
Der Kundendienst antwortet seit einer Woche nicht.
Ich wurde am Telefon mehrmals weiterverbunden, ohne Ergebnis.
Auf meine E-Mail kam nur eine automatische Antwort.
@quality de neg
Das Gerät ist nach wenigen Wochen kaputtgegangen.
Leider funktioniert es nicht so, wie es sollte.
Die Verarbeitung ist enttäuschend.
@praise de pos
Sehr zufrieden, alles bestens.
Tolles Produkt, schnelle Lieferung.
Gerne wieder!
@delivery fi neg
Toimitus kesti lähes kaksi viikkoa.
Paketti tuli paljon luvattua myöhemmin.
Kukaan ei kertonut, että toimitus viivästyy.
@support fi neg
Asiakaspalvelu ei ole vastannut viikkoon.
Puhelimessa minua siirrettiin monta kertaa eteenpäin ilman tulosta.
Sähköpostiini tuli vain automaattinen vastaus.
@quality fi neg
Laite hajosi muutaman viikon jälkeen.
Valitettavasti se ei toimi niin kuin pitäisi.
Viimeistely on pettymys.
@praise fi pos
Erittäin tyytyväinen, kaikki kunnossa.
Hieno tuote ja nopea toimitus.
Ostan mielelläni uudestaan!
@delivery lv neg
Piegāde ilga gandrīz divas nedēļas.
Paka pienāca daudz vēlāk, nekā solīts.
Neviens man nepaziņoja, ka piegāde kavējas.
@support lv neg
Klientu atbalsts neatbild jau nedēļu.
Pa telefonu mani vairākas reizes pārslēdza, bet bez rezultāta.
Uz manu e-pastu atnāca tikai automātiska atbilde.
@quality lv neg
Ierīce saplīsa pēc dažām nedēļām.
Diemžēl tā nedarbojas tā, kā vajadzētu.
Kvalitāte ir vilšanās.
@praise lv pos
Ļoti apmierināts, viss kārtībā.
Lielisks produkts, ātra piegāde.
Noteikti pirkšu vēlreiz!
@delivery lt neg
Pristatymas užtruko beveik dvi savaites.
Siuntinys atkeliavo daug vėliau, nei buvo žadėta.
Niekas man nepranešė, kad pristatymas vėluoja.
@support lt neg
Klientų aptarnavimas neatsako jau savaitę.
Telefonu mane kelis kartus peradresavo, bet be jokio rezultato.
Į mano laišką atėjo tik automatinis atsakymas.
@quality lt neg
Prietaisas sugedo po kelių savaičių.
Deja, jis neveikia taip, kaip turėtų.
Kokybė nuvylė.
@praise lt pos
Labai patenkintas, viskas puiku.
Puikus produktas, greitas pristatymas.
Tikrai pirksiu dar kartą!
@delivery ru neg
Доставка заняла почти две недели.
Посылка пришла намного позже обещанного.
Никто не сообщил мне, что доставка задерживается.
@support ru neg
Служба поддержки не отвечает уже неделю.
По телефону меня несколько раз переключали, но безрезультатно.
На моё письмо пришёл только автоматический ответ.
@quality ru neg
Устройство сломалось через несколько недель.
К сожалению, оно работает не так, как должно.
Качество сборки разочаровывает.
@praise ru pos
Очень доволен, всё отлично.
Отличный товар, быстрая доставка.
Обязательно куплю ещё!
@delivery sv neg
Leveransen tog nästan två veckor.
Paketet kom mycket senare än utlovat.
Ingen berättade för mig att leveransen var försenad.
@support sv neg
Kundtjänst har inte svarat på en vecka.
Jag kopplades vidare flera gånger i telefon utan resultat.
På mitt mejl kom bara ett automatiskt svar.
@quality sv neg
Apparaten gick sönder efter några veckor.
Tyvärr fungerar den inte som den ska.
Kvaliteten är en besvikelse.
@praise sv pos
Mycket nöjd, allt fungerar.
Bra produkt och snabb leverans.
Handlar gärna igen!
"""
)

#: Text that carries no complaint: greetings, thanks, signatures, mail boilerplate.
#: Kinds: greeting, signoff, signature, attached, device, context, empty (a whole
#: comment that says nothing), opener_neg, opener_pos, closer_neg, closer_pos.
BOILERPLATE = parse(
    """
@boiler en greeting
Hello,
Hi,
Dear {brand} team,
Good afternoon,
Good morning,
Dear Sir or Madam,
@boiler et greeting
Tere!
Tere,
Tere päevast!
Lugupeetud klienditugi!
Tere, {brand} meeskond!
Head päeva!
@boiler pl greeting
Dzień dobry,
Witam,
Szanowni Państwo,
Dzień dobry Państwu,
Cześć,
Dzień dobry, zespół {brand},
@boiler en signoff
Thanks.
Regards.
Best regards.
Thanks in advance.
Kind regards,
Thank you for your help.
@boiler et signoff
Tänan!
Lugupidamisega.
Ette tänades.
Parimat.
Tervitustega,
Aitäh abi eest.
@boiler pl signoff
Pozdrawiam.
Z poważaniem.
Z góry dziękuję.
Dziękuję.
Pozdrawiam serdecznie,
Dziękuję za pomoc.
@boiler en signature
John Smith
Anna Clarke
M. Brown, procurement
Peter Evans, Office Manager
@boiler et signature
Mari Tamm
Jaan Kask
Kadri Saar, hankejuht
Tiit Mägi
@boiler pl signature
Jan Kowalski
Anna Nowak
Katarzyna Wiśniewska, dział zakupów
Piotr Zieliński
@boiler en device
Sent from my iPhone
Sent from my Galaxy
Sent from Outlook for Android
@boiler et device
Saadetud minu iPhone'ist
Saadetud mobiilist
@boiler pl device
Wysłane z iPhone'a
Wysłano z mojego telefonu
@boiler en attached
Please see the attached photo.
See attached.
I attach the order confirmation.
@boiler et attached
Vaadake manust.
Lisan foto manusena.
Manuses on tellimuse kinnitus.
@boiler pl attached
W załączniku przesyłam zdjęcie.
Zdjęcie w załączniku.
Załączam potwierdzenie zamówienia.
@boiler en context
I am writing about order {order}.
Regarding my order {order}:
This concerns order {order}.
I bought one of your products a few weeks ago.
Order number: {order}
@boiler et context
Kirjutan tellimuse {order} kohta.
Seoses tellimusega {order}:
Pöördun tellimuse {order} asjus.
Ostsin paar nädalat tagasi teie toote.
Tellimuse number: {order}
@boiler pl context
Piszę w sprawie zamówienia {order}.
Dotyczy zamówienia {order}.
Zwracam się w sprawie zamówienia {order}.
Kilka tygodni temu kupiłem u Państwa produkt.
Numer zamówienia: {order}
@boiler en empty
Thanks!
ok
No comment.
-
Nothing to add.
Hello
@boiler et empty
Tere!
Aitäh!
Pole kommentaare.
ok
-
Ei oskagi midagi lisada.
@boiler pl empty
Dzień dobry
Dziękuję!
Brak uwag.
ok
-
Nie mam nic do dodania.
@boiler en opener_neg
Disappointed.
Not what I expected.
Unfortunately I have to complain.
@boiler et opener_neg
Olen pettunud.
Ootasin paremat.
Kahjuks pean kurtma.
@boiler pl opener_neg
Jestem rozczarowany.
Spodziewałam się czegoś lepszego.
Niestety muszę złożyć reklamację.
@boiler en opener_pos
Great purchase.
Very satisfied.
@boiler et opener_pos
Suurepärane ost.
Väga rahul.
@boiler pl opener_pos
Świetny zakup.
Bardzo zadowolona.
@boiler en closer_neg
Please fix this.
Not happy.
I expected better from {brand}.
@boiler et closer_neg
Palun parandage see ära.
Ei ole rahul.
Sellelt ettevõttelt ootasin paremat.
@boiler pl closer_neg
Proszę to naprawić.
Nie jestem zadowolony.
Po firmie {brand} spodziewałem się więcej.
@boiler en closer_pos
Recommended!
Thanks!
@boiler et closer_pos
Soovitan!
Aitäh!
@boiler pl closer_pos
Polecam!
Dzięki!
"""
)["boiler"]
