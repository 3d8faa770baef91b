"""Sentence banks of each industry's product topics and wished-for features (et, pl, en).

Electronics reuses the Nordlap demo's sentences (``_texts.SENTENCES``) and adds to them;
e-bikes and kitchen appliances have their own. Format: see ``_bank.parse``.
"""

from __future__ import annotations

from . import _texts
from ._bank import Bank, merge, parse

__all__ = ["INDUSTRY_BANKS"]

_NORDLAP: Bank = {
    topic: _texts.SENTENCES[topic]
    for topic in ("battery", "display", "rattle", "keyboard", "usb-c")
}

_ELECTRONICS = parse(
    """
@battery en pos
The battery still holds almost a full day after a year of use.
Charging is quick, half an hour gets me through the afternoon.
@battery et pos
Aasta kasutamise järel peab aku ikka peaaegu terve päeva vastu.
Laadimine on kiire, pooltunnine laadimine viib mind õhtuni.
@battery pl pos
Po roku używania bateria wciąż trzyma prawie cały dzień.
Ładowanie jest szybkie, pół godziny wystarcza na całe popołudnie.
@display en pos
No dead pixels and a perfectly even backlight.
The colours are great for photo editing.
The screen has almost no reflections.
@display et pos
Ühtegi surnud pikslit ja täiesti ühtlane taustvalgus.
Värvid sobivad suurepäraselt fotode töötlemiseks.
Ekraanil pole peaaegu üldse peegeldusi.
@display pl pos
Żadnych martwych pikseli i idealnie równe podświetlenie.
Kolory świetnie nadają się do obróbki zdjęć.
Ekran prawie w ogóle nie odbija światła.
@keyboard en neg
Several keys register twice when I type.
The keycaps are already shiny after a month.
The arrow keys are tiny and hard to hit.
@keyboard et neg
Mitu klahvi registreerib trükkimisel vajutuse kaks korda.
Klahvikatted on juba kuuga läikima läinud.
Nooleklahvid on pisikesed ja neid on raske tabada.
@keyboard pl neg
Kilka klawiszy rejestruje naciśnięcie podwójnie.
Nakładki klawiszy już po miesiącu się świecą.
Klawisze strzałek są malutkie i trudno w nie trafić.
@keyboard en pos
Full-size arrow keys, finally.
I can type all day without tired fingers.
The keys have a nice, firm click.
The keyboard layout is exactly right.
@keyboard et pos
Lõpuks ometi täissuuruses nooleklahvid.
Saan terve päeva trükkida, ilma et sõrmed väsiksid.
Klahvidel on mõnus ja kindel klõps.
Klaviatuuri paigutus on täpselt õige.
@keyboard pl pos
Wreszcie pełnowymiarowe strzałki.
Mogę pisać cały dzień i palce się nie męczą.
Klawisze mają przyjemny, wyraźny klik.
Układ klawiatury jest dokładnie taki, jak trzeba.

@thermal en neg
The fan is loud even when I'm only browsing.
The laptop gets so hot underneath that I can't keep it on my lap.
It slows down after a few minutes of video calls and everything starts to stutter.
The fan spins up and down constantly, it drives me mad.
The keyboard gets uncomfortably warm in the middle.
It shut down by itself twice because it overheated.
The exhaust air is so hot it burns my hand.
Even in a cool room the fans run at full speed.
@thermal et neg
Ventilaator on vali isegi siis, kui ainult internetis surfan.
Arvuti läheb alt nii kuumaks, et seda ei saa sülle võtta.
Pärast paariminutilist videokõnet arvuti aeglustub ja kõik hakkab hanguma.
Ventilaator käivitub ja jääb seisma vahetpidamata, see ajab mind hulluks.
Klaviatuur läheb keskelt ebamugavalt soojaks.
Arvuti lülitus kaks korda ülekuumenemise tõttu ise välja.
Väljapuhutav õhk on nii kuum, et kõrvetab kätt.
Isegi jahedas toas töötavad ventilaatorid täisvõimsusel.
@thermal pl neg
Wentylator hałasuje nawet wtedy, gdy tylko przeglądam internet.
Laptop od spodu robi się tak gorący, że nie da się go trzymać na kolanach.
Po kilku minutach wideorozmowy zwalnia i wszystko zaczyna się ciąć.
Wentylator co chwilę się rozkręca i zwalnia, doprowadza mnie to do szału.
Klawiatura na środku robi się nieprzyjemnie ciepła.
Dwa razy sam się wyłączył, bo się przegrzał.
Powietrze z wylotu jest tak gorące, że parzy w rękę.
Nawet w chłodnym pokoju wentylatory pracują na pełnych obrotach.
@thermal en pos
Whisper quiet, I barely hear the fan.
It stays cool even during long video calls.
No heat on my lap, even after hours of work.
The fan only comes on under heavy load.
It stays cool and silent while compiling.
Quiet enough for the library.
Good cooling, no slowdowns in summer.
It runs cool and never throttles.
@thermal et pos
Sosinvaikne, ventilaatorit on vaevu kuulda.
Jääb jahedaks ka pikkade videokõnede ajal.
Süles ei lähe kuumaks isegi mitmetunnise töö järel.
Ventilaator käivitub alles suure koormuse all.
Püsib ka koodi kompileerides jahe ja vaikne.
Piisavalt vaikne raamatukogu jaoks.
Hea jahutus, ka suvel ei aeglustu.
Töötab jahedalt ega kaota kunagi jõudlust.
@thermal pl pos
Cichutki, wentylatora prawie nie słychać.
Pozostaje chłodny nawet podczas długich wideorozmów.
Nie grzeje kolan nawet po kilku godzinach pracy.
Wentylator włącza się dopiero pod dużym obciążeniem.
Podczas kompilacji pozostaje chłodny i cichy.
Wystarczająco cichy do biblioteki.
Dobre chłodzenie, latem też nie zwalnia.
Pracuje chłodno i nigdy nie dławi wydajności.

@ram en neg
Please make the memory upgradeable, soldered RAM is a deal breaker.
16 GB is not enough for my work and I can't add more.
I would pay extra for a model with a free RAM slot.
Next time I need a laptop where I can upgrade the memory myself.
Soldered memory means I'll have to replace the whole laptop in two years.
Please offer a 32 GB configuration.
Our developers need more memory than any of your models offers.
Being able to upgrade the RAM would make this laptop perfect.
@ram et neg
Palun tehke mälu laiendatavaks, joodetud RAM on minu jaoks välistav.
16 GB mulle tööks ei piisa ja juurde lisada ei saa.
Maksaksin lisaraha mudeli eest, millel on vaba mälupesa.
Järgmine kord vajan sülearvutit, mille mälu saan ise suurendada.
Joodetud mälu tähendab, et kahe aasta pärast tuleb kogu arvuti välja vahetada.
Palun pakkuge 32 GB mäluga konfiguratsiooni.
Meie arendajad vajavad rohkem mälu, kui ükski teie mudel pakub.
Kui mälu saaks suurendada, oleks see sülearvuti täiuslik.
@ram pl neg
Proszę umożliwić rozbudowę pamięci, wlutowany RAM to dla mnie dyskwalifikacja.
16 GB to za mało do mojej pracy, a nie da się dołożyć więcej.
Dopłaciłbym za model z wolnym slotem na RAM.
Następnym razem potrzebuję laptopa, w którym sam rozbuduję pamięć.
Wlutowana pamięć oznacza, że za dwa lata trzeba będzie wymienić cały komputer.
Proszę zaoferować konfigurację z 32 GB pamięci.
Nasi programiści potrzebują więcej pamięci, niż oferuje którykolwiek z Państwa modeli.
Gdyby dało się rozbudować RAM, ten laptop byłby idealny.

@linux en neg
Please provide Linux drivers, the Wi-Fi does not work under Ubuntu.
I would love an option to buy it with Linux preinstalled.
Linux support would make this the perfect developer laptop.
The fingerprint reader has no Linux driver.
Please certify your laptops for Linux, our IT team requires it.
Without Linux support we cannot roll these out to our engineers.
Sleep mode does not work on Linux, please fix the firmware.
An official Linux version would win you a lot of customers.
@linux et neg
Palun pakkuge Linuxi draivereid, Ubuntu all ei tööta WiFi.
Tahaksin väga võimalust osta see eelinstallitud Linuxiga.
Linuxi toega oleks see ideaalne arendaja sülearvuti.
Sõrmejäljelugejal pole Linuxi draiverit.
Palun sertifitseerige oma sülearvutid Linuxi jaoks, meie IT-osakond nõuab seda.
Ilma Linuxi toeta ei saa me neid oma inseneridele jagada.
Unerežiim Linuxis ei tööta, palun parandage püsivara.
Ametlik Linuxi versioon tooks teile palju kliente.
@linux pl neg
Proszę o sterowniki do Linuksa, pod Ubuntu nie działa Wi-Fi.
Bardzo chętnie kupiłbym go z preinstalowanym Linuksem.
Ze wsparciem dla Linuksa byłby to idealny laptop dla programisty.
Czytnik linii papilarnych nie ma sterownika na Linuksa.
Proszę certyfikować laptopy pod Linuksa, nasz dział IT tego wymaga.
Bez wsparcia dla Linuksa nie możemy wydać ich naszym inżynierom.
Usypianie nie działa pod Linuksem, proszę poprawić firmware.
Oficjalna wersja z Linuksem przyciągnęłaby wielu klientów.
"""
)

_EBIKES = parse(
    """
@motor en neg
The motor cuts out on every steeper hill.
The motor makes a grinding noise when I start pedalling.
Assistance kicks in with a delay, which is dangerous at junctions.
The motor stopped working completely after {days} days.
There is a loud clicking from the motor at every pedal stroke.
The pedal assist jerks forward instead of starting smoothly.
The motor shows an error code and switches off.
On the highest assist level the motor just stutters.
@motor et neg
Mootor lülitub igal järsemal tõusul välja.
Mootor teeb pedaalima hakates krigisevat häält.
Abi rakendub viivitusega ja ristmikel on see ohtlik.
Mootor lakkas {days} päeva pärast täielikult töötamast.
Mootorist kostab iga pedaalivajutuse juures valju klõpsu.
Pedaalivõimendus nõksatab järsult ette, selle asemel et sujuvalt käivituda.
Mootor näitab veakoodi ja lülitub välja.
Kõrgeimal abitasemel mootor ainult jõnksutab.
@motor pl neg
Silnik wyłącza się na każdym stromym podjeździe.
Silnik zgrzyta, kiedy zaczynam pedałować.
Wspomaganie włącza się z opóźnieniem, co na skrzyżowaniach jest niebezpieczne.
Po {days} dniach silnik całkiem przestał działać.
Przy każdym obrocie korby z silnika dochodzi głośne klikanie.
Wspomaganie szarpie do przodu, zamiast łagodnie ruszać.
Silnik pokazuje kod błędu i się wyłącza.
Na najwyższym poziomie wspomagania silnik tylko się krztusi.
@motor en pos
The motor is powerful and almost silent.
Hills are no problem any more.
The assist starts smoothly and feels natural.
I arrive at work without breaking a sweat.
Strong motor, even with the kids' trailer.
The torque sensor makes riding feel effortless.
Quiet motor, you barely notice it.
Plenty of power for my daily commute.
@motor et pos
Mootor on võimas ja peaaegu hääletu.
Tõusud pole enam mingi probleem.
Abi käivitub sujuvalt ja tundub loomulik.
Jõuan tööle ilma higistamata.
Tugev mootor, isegi lastekäruga.
Pöördemomendiandur teeb sõitmise vaevatuks.
Vaikne mootor, seda on vaevu märgata.
Igapäevaseks tööle sõiduks on jõudu küllaga.
@motor pl pos
Silnik jest mocny i prawie bezgłośny.
Podjazdy przestały być problemem.
Wspomaganie rusza płynnie i naturalnie.
Docieram do pracy bez kropli potu.
Mocny silnik, nawet z przyczepką dla dzieci.
Czujnik momentu obrotowego sprawia, że jazda nie wymaga wysiłku.
Cichy silnik, prawie się go nie zauważa.
Mnóstwo mocy na codzienne dojazdy.

@battery en neg
The range dropped to barely {days} kilometres on a full charge.
The battery won't charge past 80 per cent.
The battery dies suddenly even when the display shows it half full.
The battery gets very hot while charging.
The range is nowhere near the advertised figure.
The charger's light blinks red and the battery does not charge at all.
In the cold the battery is empty after a few kilometres.
The battery lock is stiff and the battery rattles in its mount.
@battery et neg
Sõiduulatus langes täislaadimisega vaevalt {days} kilomeetrini.
Aku ei lae üle 80 protsendi.
Aku sureb äkki välja, kuigi näidik näitab poolt laetust.
Aku läheb laadimise ajal väga kuumaks.
Sõiduulatus pole reklaamitule lähedalgi.
Laadija tuli vilgub punaselt ja aku ei lae üldse.
Külmaga on aku mõne kilomeetri järel tühi.
Aku lukk on kange ja aku logiseb oma hoidikus.
@battery pl neg
Zasięg spadł do ledwie {days} kilometrów na pełnym ładowaniu.
Bateria nie ładuje się powyżej 80 procent.
Bateria nagle pada, chociaż wyświetlacz pokazuje połowę.
Bateria bardzo się nagrzewa podczas ładowania.
Zasięg jest daleki od tego, co podaje reklama.
Dioda ładowarki miga na czerwono, a bateria w ogóle się nie ładuje.
Na mrozie bateria jest pusta po kilku kilometrach.
Zamek baterii chodzi ciężko, a bateria stuka w uchwycie.
@battery en pos
The range is excellent, I charge it once a week.
Easily 80 km on one charge.
Charging is quick and the battery comes out easily.
The range estimate on the display is spot on.
Even in winter the battery lasts my whole commute.
The battery is still as good as new after a season.
I can do the weekend tour without recharging.
Great range for the price.
@battery et pos
Sõiduulatus on suurepärane, laen akut kord nädalas.
Ühe laadimisega läbib kergesti 80 km.
Laadimine on kiire ja aku tuleb kergesti välja.
Ekraanil näidatud sõiduulatus on täpne.
Isegi talvel jätkub akust terveks tööle sõiduks.
Aku on hooaja järel ikka nagu uus.
Nädalavahetuse matka saan teha ilma laadimata.
Hinna kohta suurepärane sõiduulatus.
@battery pl pos
Zasięg jest świetny, ładuję raz w tygodniu.
Spokojnie 80 km na jednym ładowaniu.
Ładowanie jest szybkie, a baterię łatwo wyjąć.
Szacowany zasięg na wyświetlaczu jest bardzo dokładny.
Nawet zimą bateria wystarcza na cały dojazd do pracy.
Po sezonie bateria nadal jest jak nowa.
Weekendową trasę robię bez doładowania.
Świetny zasięg jak na tę cenę.

@brakes en neg
The brakes squeal terribly at every stop.
The front brake disc rubs against the pads all the time.
Braking power is weak, I don't feel safe going downhill.
The brake lever goes all the way to the handlebar.
The rear brake started leaking oil after a few weeks.
The disc is warped and the wheel pulses when I brake.
The brakes had to be adjusted twice in the first month.
In the rain the brakes hardly work at all.
@brakes et neg
Pidurid kriuksuvad igal peatumisel kohutavalt.
Esimene piduriketas hõõrub kogu aeg vastu klotse.
Pidurdusjõud on nõrk, mäest alla sõites ei tunne end turvaliselt.
Piduri hoob läheb päris juhtrauani välja.
Tagumisest pidurist hakkas mõne nädala pärast õli lekkima.
Ketas on kõver ja ratas tõmbleb pidurdamisel.
Pidureid tuli esimese kuu jooksul kaks korda reguleerida.
Vihmaga pidurid peaaegu ei tööta.
@brakes pl neg
Hamulce okropnie piszczą przy każdym zatrzymaniu.
Przednia tarcza hamulcowa cały czas ociera o klocki.
Hamulce są słabe, nie czuję się bezpiecznie na zjazdach.
Dźwignia hamulca dochodzi do samej kierownicy.
Po kilku tygodniach z tylnego hamulca zaczął wyciekać olej.
Tarcza jest krzywa i koło pulsuje przy hamowaniu.
W pierwszym miesiącu hamulce trzeba było regulować dwa razy.
W deszczu hamulce prawie w ogóle nie działają.
@brakes en pos
The hydraulic brakes are strong and easy to dose.
I feel safe even on steep descents.
The brakes are silent and stop the bike instantly.
Excellent brakes, even in the rain.
One finger on the lever is enough.
The brakes inspire confidence with a loaded bike.
No squeaking at all after a thousand kilometres.
Powerful brakes, exactly what a heavy bike needs.
@brakes et pos
Hüdraulilised pidurid on tugevad ja hästi doseeritavad.
Tunnen end turvaliselt ka järskudel laskumistel.
Pidurid on hääletud ja peatavad ratta silmapilkselt.
Suurepärased pidurid, isegi vihmaga.
Piisab ühest sõrmest hoovale.
Koormatud rattaga annavad pidurid kindlustunde.
Ka tuhande kilomeetri järel ei kriuksu midagi.
Võimsad pidurid, täpselt see, mida raske ratas vajab.
@brakes pl pos
Hydrauliczne hamulce są mocne i łatwo je dozować.
Czuję się bezpiecznie nawet na stromych zjazdach.
Hamulce są ciche i zatrzymują rower natychmiast.
Świetne hamulce, nawet w deszczu.
Wystarczy jeden palec na dźwigni.
Z obciążonym rowerem hamulce dają poczucie pewności.
Po tysiącu kilometrów nic nie piszczy.
Mocne hamulce, dokładnie tego potrzebuje ciężki rower.

@gears en neg
The gears skip under load.
Shifting is rough and the chain keeps jumping between gears.
The chain came off three times in the first week.
The derailleur was not adjusted, the top gear doesn't work.
There is a constant ticking from the gears when I pedal.
The gear shifter is stiff and sometimes does not shift at all.
The hub gear slips when I pull away at the lights.
The chain rubs on the front derailleur in every gear.
@gears et neg
Käigud hüppavad koormuse all üle.
Käiguvahetus on kare ja kett hüppab pidevalt käikude vahel.
Kett tuli esimese nädalaga kolm korda maha.
Käiguvahetaja oli reguleerimata, kõrgeim käik ei tööta.
Pedaalides kostab käikudest pidevat tiksumist.
Käigulüliti on kange ja mõnikord ei vaheta üldse.
Rummukäik libiseb, kui fooris paigalt liigun.
Kett hõõrub igal käigul vastu eesmist käiguvahetajat.
@gears pl neg
Biegi przeskakują pod obciążeniem.
Zmiana biegów jest toporna, a łańcuch ciągle przeskakuje.
W pierwszym tygodniu łańcuch spadł trzy razy.
Przerzutka nie była wyregulowana, najwyższy bieg nie działa.
Podczas pedałowania z biegów dochodzi ciągłe tykanie.
Manetka chodzi ciężko i czasem w ogóle nie zmienia biegu.
Piasta z przekładnią ślizga się, kiedy ruszam spod świateł.
Łańcuch na każdym biegu ociera o przednią przerzutkę.
@gears en pos
Shifting is smooth and precise.
The gears change silently, even under load.
The hub gear is maintenance-free and reliable.
Easy gear changes on every hill.
The gears were perfectly adjusted out of the box.
The belt drive is quiet and clean.
The gear range is wide enough for any climb.
Crisp shifting after months of riding.
@gears et pos
Käiguvahetus on sujuv ja täpne.
Käigud vahetuvad vaikselt isegi koormuse all.
Rummukäik on hooldusvaba ja töökindel.
Käikude vahetamine on igal tõusul lihtne.
Käigud olid karbist võttes ideaalselt reguleeritud.
Rihmülekanne on vaikne ja puhas.
Käiguvahemik on piisav igaks tõusuks.
Ka kuude pärast vahetuvad käigud selgelt ja kindlalt.
@gears pl pos
Zmiana biegów jest płynna i precyzyjna.
Biegi zmieniają się cicho nawet pod obciążeniem.
Przekładnia w piaście jest bezobsługowa i niezawodna.
Na każdym podjeździe łatwo zmienić bieg.
Biegi były idealnie wyregulowane od razu po wyjęciu z pudła.
Napęd pasowy jest cichy i czysty.
Zakres przełożeń wystarcza na każdy podjazd.
Po miesiącach jazdy biegi wciąż wchodzą precyzyjnie.

@frame en neg
The paint on the frame is chipping after a month.
There is rust at the welds already.
Something creaks in the frame every time I pedal.
The handlebar stem came loose while riding.
The frame has a visible crack near the bottom bracket.
The rear rack wobbles because the mounting holes are misaligned.
The kickstand bolt keeps loosening and the bike falls over.
The mudguards rattle against the frame on every bump.
@frame et neg
Raami värv hakkas kuuga maha kooruma.
Keevisõmbluste juures on juba rooste.
Raamis kriuksub iga pedaalivajutuse ajal midagi.
Juhtraua kinnitus tuli sõidu ajal lahti.
Raamil on keskjooksu juures nähtav mõra.
Tagumine pakiraam kõigub, sest kinnitusavad ei ole kohakuti.
Jalgrattajala polt tuleb pidevalt lahti ja ratas kukub ümber.
Porilauad põrisevad igal konarusel vastu raami.
@frame pl neg
Lakier na ramie odpryskuje już po miesiącu.
Przy spawach pojawiła się już rdza.
Przy każdym naciśnięciu pedału coś skrzypi w ramie.
Mostek kierownicy poluzował się w trakcie jazdy.
Rama ma widoczne pęknięcie przy suporcie.
Tylny bagażnik się chwieje, bo otwory montażowe nie pasują.
Śruba nóżki ciągle się luzuje i rower się przewraca.
Błotniki grzechoczą o ramę na każdej nierówności.

@gps en neg
Please build in GPS tracking, I'm afraid the bike will be stolen.
For this price I expected a tracker in case of theft.
An app that shows where my bike is parked would be great.
Our insurer asks for GPS tracking on expensive e-bikes.
Please add an alarm and a GPS locator to the next model.
My neighbour's bike was stolen, a built-in tracker would give me peace of mind.
Is there a way to retrofit GPS tracking?
Without theft protection I don't dare to leave the bike at the station.
@gps et neg
Palun ehitage sisse GPS-jälgimine, kardan, et ratas varastatakse.
Selle hinna eest ootasin varguse puhuks jälgijat.
Äpp, mis näitab, kuhu mu ratas on pargitud, oleks suurepärane.
Meie kindlustus nõuab kallitel elektriratastel GPS-jälgimist.
Palun lisage järgmisele mudelile alarm ja GPS-asukohamäärang.
Naabri ratas varastati, sisseehitatud jälgija annaks mulle meelerahu.
Kas GPS-jälgimist saab hiljem juurde paigaldada?
Ilma vargusvastase kaitseta ei julge ratast jaama juurde jätta.
@gps pl neg
Proszę wbudować lokalizator GPS, boję się, że rower zostanie skradziony.
Za tę cenę spodziewałem się lokalizatora na wypadek kradzieży.
Aplikacja pokazująca, gdzie stoi mój rower, byłaby świetna.
Nasz ubezpieczyciel wymaga lokalizatora GPS w drogich rowerach elektrycznych.
Proszę dodać alarm i lokalizator GPS w następnym modelu.
Sąsiadowi ukradli rower, wbudowany lokalizator dałby mi spokój.
Czy da się później domontować lokalizator GPS?
Bez zabezpieczenia przed kradzieżą nie odważę się zostawić roweru przy dworcu.

@removable-battery en neg
I need a removable battery, I can't charge the bike in the stairwell.
Please make the battery removable so I can charge it in my flat.
A spare battery option would double my range on tours.
The fixed battery is the only reason I might not buy again.
Carrying the whole bike up to the fourth floor to charge it is impossible.
Please sell a second battery that can be swapped quickly.
Our office bike room has no socket, a removable battery would solve it.
Why is the battery built into the frame with no way to take it out?
@removable-battery et neg
Vajan eemaldatavat akut, trepikojas ma ratast laadida ei saa.
Palun tehke aku eemaldatavaks, et saaksin seda korteris laadida.
Varuaku võimalus kahekordistaks matkadel mu sõiduulatuse.
Kinnine aku on ainus põhjus, miks ma ei pruugi uuesti osta.
Terve ratta laadimiseks neljandale korrusele tassimine on võimatu.
Palun müüge teist akut, mida saab kiiresti vahetada.
Meie kontori rattaruumis pole pistikupesa, eemaldatav aku lahendaks selle.
Miks on aku raami sisse ehitatud ja seda ei saa kuidagi välja võtta?
@removable-battery pl neg
Potrzebuję wyjmowanej baterii, na klatce schodowej nie mogę ładować roweru.
Proszę zrobić wyjmowaną baterię, żebym mógł ładować ją w mieszkaniu.
Opcja zapasowej baterii podwoiłaby mój zasięg na wycieczkach.
Wbudowana na stałe bateria to jedyny powód, dla którego mogę więcej nie kupić.
Wnoszenie całego roweru na czwarte piętro, żeby go naładować, jest niemożliwe.
Proszę sprzedawać drugą baterię, którą można szybko wymienić.
W biurowej rowerowni nie ma gniazdka, wyjmowana bateria by to rozwiązała.
Dlaczego bateria jest wbudowana w ramę i nie da się jej wyjąć?

@cargo-rack en neg
Please offer a front rack for a child seat or shopping.
I need a stronger rear rack, the current one only takes 15 kg.
Could you add mounting points for panniers?
A cargo version of this bike would be perfect for our family.
The rack doesn't fit standard bike crates, please change that.
I would buy a second bike if it had a child seat mount.
Our delivery riders need a bigger cargo box.
Please add a rack that fits a laptop bag.
@cargo-rack et neg
Palun pakkuge eesmist pakiraami lapsetooli või poekottide jaoks.
Vajan tugevamat tagumist pakiraami, praegune kannab ainult 15 kg.
Kas saaksite lisada kinnituskohad rattakottidele?
Selle ratta kaubaversioon oleks meie perele ideaalne.
Pakiraamile ei sobi tavalised rattakastid, palun muutke seda.
Ostaksin teise ratta, kui sellel oleks lapsetooli kinnitus.
Meie kulleritel on vaja suuremat kaubakasti.
Palun lisage pakiraam, millele mahub sülearvutikott.
@cargo-rack pl neg
Proszę o przedni bagażnik na fotelik dziecięcy albo zakupy.
Potrzebuję mocniejszego tylnego bagażnika, obecny bierze tylko 15 kg.
Czy mogliby Państwo dodać mocowania do sakw?
Wersja cargo tego roweru byłaby idealna dla naszej rodziny.
Na bagażnik nie pasują standardowe skrzynki rowerowe, proszę to zmienić.
Kupiłabym drugi rower, gdyby miał mocowanie na fotelik dziecięcy.
Nasi kurierzy potrzebują większej skrzyni ładunkowej.
Proszę dodać bagażnik, na który zmieści się torba na laptopa.
"""
)

_KITCHEN = parse(
    """
@heating en neg
It takes forever to heat up.
The temperature is far lower than the one I set.
It heats unevenly, one side burns and the other stays raw.
The heating element failed after {days} days.
The water never gets properly hot.
The outside of the appliance gets dangerously hot.
It switches off in the middle of the programme because it overheats.
The temperature jumps up and down, the results are never the same.
@heating et neg
Soojenemine võtab terve igaviku.
Temperatuur on palju madalam kui see, mille seadistan.
Kuumeneb ebaühtlaselt, üks pool kõrbeb ja teine jääb tooreks.
Kütteelement läks {days} päeva pärast rikki.
Vesi ei lähe kunagi korralikult kuumaks.
Seadme välispind läheb ohtlikult kuumaks.
Lülitub programmi keskel ülekuumenemise tõttu välja.
Temperatuur hüppab üles-alla, tulemus pole kunagi sama.
@heating pl neg
Nagrzewanie trwa całą wieczność.
Temperatura jest dużo niższa niż ta, którą ustawiam.
Grzeje nierówno, z jednej strony się przypala, a z drugiej jest surowe.
Grzałka padła po {days} dniach.
Woda nigdy nie robi się porządnie gorąca.
Obudowa urządzenia robi się niebezpiecznie gorąca.
Wyłącza się w połowie programu, bo się przegrzewa.
Temperatura skacze w górę i w dół, efekt nigdy nie jest taki sam.
@heating en pos
It heats up in a few minutes.
Even heat, everything comes out perfectly.
It holds the set temperature precisely.
The fast preheat saves me a lot of time.
The water is hot right from the start.
The baking results are consistent every time.
It stays cool on the outside even at full power.
Great heat distribution on every level.
@heating et pos
Soojeneb mõne minutiga.
Ühtlane kuumus, kõik tuleb välja täiuslik.
Hoiab seadistatud temperatuuri täpselt.
Kiire eelsoojendus säästab palju aega.
Vesi on kuum kohe algusest peale.
Küpsetamise tulemus on iga kord ühtlane.
Väljast jääb jahedaks isegi täisvõimsusel.
Suurepärane soojusjaotus kõigil tasanditel.
@heating pl pos
Nagrzewa się w kilka minut.
Równomierne ciepło, wszystko wychodzi idealnie.
Precyzyjnie trzyma ustawioną temperaturę.
Szybkie nagrzewanie oszczędza mi mnóstwo czasu.
Woda jest gorąca od samego początku.
Wypieki za każdym razem wychodzą tak samo.
Z zewnątrz pozostaje chłodny nawet na pełnej mocy.
Świetny rozkład ciepła na wszystkich poziomach.

@leak en neg
Water leaks from under the door after every cycle.
There is a puddle under the machine every morning.
The water tank drips onto the counter.
It leaked and damaged our kitchen floor.
Water seeps out at the back where the hose connects.
The drip tray overflows because something leaks inside.
After a few weeks it started leaking at the seal.
Water drips out of the bottom whenever it is running.
@leak et neg
Pärast iga tsüklit lekib ukse alt vett.
Igal hommikul on masina all lomp.
Veepaak tilgub lauale.
Masin lekkis ja rikkus meie köögipõranda.
Taga, kus voolik on ühendatud, imbub vett välja.
Tilgaalus ajab üle, sest seest lekib midagi.
Mõne nädala pärast hakkas tihendi juurest lekkima.
Töötamise ajal tilgub põhja alt vett.
@leak pl neg
Po każdym cyklu spod drzwiczek wycieka woda.
Każdego ranka pod urządzeniem jest kałuża.
Ze zbiornika na wodę kapie na blat.
Urządzenie przeciekło i zniszczyło nam podłogę w kuchni.
Z tyłu, przy podłączeniu węża, sączy się woda.
Tacka się przelewa, bo coś w środku przecieka.
Po kilku tygodniach zaczęło przeciekać przy uszczelce.
Podczas pracy z dołu kapie woda.

@noise en neg
It is so loud that we can't talk in the kitchen while it runs.
There is a loud humming even in standby.
The motor rattles and vibrates across the counter.
A high-pitched whine comes from the fan.
It bangs loudly every time the pump starts.
The noise is much worse than the decibels in the brochure.
It vibrates so much that the cups on the shelf clink.
Something grinds inside when it runs.
@noise et neg
See on nii vali, et töötamise ajal ei saa köögis rääkida.
Isegi ooterežiimis kostab valju suminat.
Mootor põriseb ja vibreerib mööda tööpinda edasi.
Ventilaatorist kostab kõrget vingumist.
Iga kord, kui pump käivitub, kostab valju kolksu.
Müra on palju hullem, kui brošüüris toodud detsibellid lubavad.
See vibreerib nii palju, et tassid riiulil kõlisevad.
Töötamise ajal krigiseb seal sees midagi.
@noise pl neg
Jest tak głośny, że podczas pracy nie da się rozmawiać w kuchni.
Nawet w trybie czuwania słychać głośne buczenie.
Silnik terkocze i wibruje, przesuwając się po blacie.
Z wentylatora dochodzi wysoki pisk.
Za każdym razem, gdy włącza się pompa, głośno stuka.
Hałas jest dużo większy, niż podają decybele w ulotce.
Wibruje tak mocno, że dzwonią filiżanki na półce.
Podczas pracy coś w środku zgrzyta.
@noise en pos
So quiet I have to check whether it is running.
It runs quietly even at night.
Much quieter than our old one.
No vibration at all.
Whisper quiet, perfect for an open kitchen.
You can hold a conversation right next to it.
Silent operation, exactly as advertised.
Quiet enough to run while the baby sleeps.
@noise et pos
Nii vaikne, et pean kontrollima, kas see üldse töötab.
Töötab vaikselt ka öösel.
Palju vaiksem kui meie vana.
Mingit vibratsiooni pole.
Sosinvaikne, ideaalne avatud köögi jaoks.
Selle kõrval saab rahulikult vestelda.
Hääletu töö, täpselt nagu reklaamiti.
Piisavalt vaikne, et seda lapse magamise ajal kasutada.
@noise pl pos
Tak cichy, że muszę sprawdzać, czy w ogóle działa.
Pracuje cicho nawet w nocy.
Dużo cichszy niż nasz stary.
Zero wibracji.
Cichutki, idealny do otwartej kuchni.
Można spokojnie rozmawiać tuż obok.
Bezgłośna praca, dokładnie tak, jak w reklamie.
Na tyle cichy, że można go włączyć, gdy dziecko śpi.

@door en neg
The door doesn't close properly any more.
The hinge broke after a few weeks.
The door seal came loose and hangs out.
The handle feels flimsy and is already wobbling.
The door drops open with a bang, the spring seems broken.
The glass in the door arrived cracked.
The door is misaligned and rubs against the cabinet.
The door lock jams and I can't open it after the programme ends.
@door et neg
Uks ei sulgu enam korralikult.
Hing läks mõne nädala pärast katki.
Ukse tihend tuli lahti ja ripub väljas.
Käepide tundub nõrk ja logiseb juba praegu.
Uks kukub pauguga lahti, vedru tundub olevat katki.
Ukse klaas saabus mõranenuna.
Uks on viltu ja hõõrub vastu köögikappi.
Uksesulgur jääb kinni ja programmi lõppedes ei saa ust avada.
@door pl neg
Drzwiczki już się porządnie nie domykają.
Zawias pękł po kilku tygodniach.
Uszczelka drzwiczek odkleiła się i zwisa.
Uchwyt jest lichy i już się chwieje.
Drzwiczki opadają z hukiem, sprężyna chyba jest zepsuta.
Szyba w drzwiczkach przyszła pęknięta.
Drzwiczki są krzywo osadzone i ocierają o szafkę.
Blokada drzwiczek się zacina i po zakończeniu programu nie mogę ich otworzyć.

@controls en neg
The touch buttons react only on the third try.
The display shows an error code and nothing else works.
The programme stops halfway for no reason.
The clock resets after every power cut.
The control panel is impossible to read in daylight.
Some buttons stopped responding after a month.
The timer doesn't start the programme at the set time.
The child lock switches itself on and I can't turn it off.
@controls et neg
Puutenupud reageerivad alles kolmandal katsel.
Ekraanil on veakood ja midagi muud ei tööta.
Programm peatub poole peal ilma põhjuseta.
Kell läheb pärast iga voolukatkestust nulli.
Juhtpaneeli on päevavalguses võimatu lugeda.
Mõned nupud lakkasid kuu aja pärast reageerimast.
Taimer ei käivita programmi seadistatud ajal.
Lapselukk lülitub ise sisse ja ma ei saa seda välja lülitada.
@controls pl neg
Przyciski dotykowe reagują dopiero za trzecim razem.
Wyświetlacz pokazuje kod błędu i nic innego nie działa.
Program bez powodu zatrzymuje się w połowie.
Zegar resetuje się po każdym zaniku prądu.
W świetle dziennym panelu sterowania nie da się odczytać.
Niektóre przyciski po miesiącu przestały reagować.
Minutnik nie uruchamia programu o ustawionej godzinie.
Blokada rodzicielska sama się włącza i nie mogę jej wyłączyć.
@controls en pos
The controls are intuitive, no manual needed.
Clear display and responsive buttons.
The programmes are well thought out.
Setting the timer is easy.
The display is easy to read from across the kitchen.
Simple controls, my parents manage them too.
The touch panel reacts instantly.
I love the quick programme button.
@controls et pos
Juhtimine on intuitiivne, kasutusjuhendit pole vaja.
Selge ekraan ja kiiresti reageerivad nupud.
Programmid on hästi läbi mõeldud.
Taimeri seadistamine on lihtne.
Ekraani on lihtne lugeda ka köögi teisest otsast.
Lihtne juhtimine, ka mu vanemad saavad sellega hakkama.
Puutepaneel reageerib silmapilkselt.
Kiirprogrammi nupp on mu lemmik.
@controls pl pos
Obsługa jest intuicyjna, instrukcja niepotrzebna.
Czytelny wyświetlacz i szybko reagujące przyciski.
Programy są dobrze przemyślane.
Ustawienie minutnika jest proste.
Wyświetlacz łatwo odczytać nawet z drugiego końca kuchni.
Prosta obsługa, radzą sobie z nią nawet moi rodzice.
Panel dotykowy reaguje natychmiast.
Uwielbiam przycisk szybkiego programu.

@wifi en neg
I wish I could start it from my phone.
Please add Wi-Fi so I can see in the app when it has finished.
Remote control through an app would be really useful.
Our other appliances are connected, only this one is not.
A notification on my phone when the programme ends would be great.
Please make it work with our smart home system.
I'd like to preheat it from the office on my way home.
Without an app I can't check whether I switched it off.
@wifi et neg
Tahaksin selle telefonist käivitada.
Palun lisage WiFi, et näeksin äpist, millal see valmis on.
Äpi kaudu kaugjuhtimine oleks väga kasulik.
Meie teised kodumasinad on võrgus, ainult see mitte.
Teavitus telefoni, kui programm lõpeb, oleks suurepärane.
Palun pange see meie targa kodu süsteemiga tööle.
Tahaksin seda koduteel kontorist eelsoojendada.
Ilma äpita ei saa kontrollida, kas ma selle välja lülitasin.
@wifi pl neg
Chciałabym uruchamiać go z telefonu.
Proszę dodać Wi-Fi, żebym w aplikacji widział, kiedy skończył.
Zdalne sterowanie przez aplikację byłoby bardzo przydatne.
Nasze inne urządzenia są podłączone do sieci, tylko to nie.
Powiadomienie na telefonie po zakończeniu programu byłoby świetne.
Proszę o integrację z naszym systemem inteligentnego domu.
Chciałbym nagrzewać go z biura, kiedy wracam do domu.
Bez aplikacji nie mogę sprawdzić, czy go wyłączyłam.

@quiet-mode en neg
Please add a night mode so it can run while we sleep.
A quiet programme would let me use it in the evening.
We live in a studio flat, a silent mode is a must.
I would like a setting that runs slower but quieter.
Please offer a low-noise option, the neighbours complain.
A silent mode is the one thing I miss.
Could a firmware update add a quiet setting?
The next model needs a proper night programme.
@quiet-mode et neg
Palun lisage öörežiim, et see saaks töötada, kui me magame.
Vaikne programm võimaldaks mul seda õhtul kasutada.
Elame stuudiokorteris, vaikne režiim on hädavajalik.
Tahaksin seadistust, mis töötab aeglasemalt, aga vaiksemalt.
Palun pakkuge vaikset valikut, naabrid kurdavad.
Vaikne režiim on ainus, mida igatsen.
Kas püsivara uuendus võiks lisada vaikse seadistuse?
Järgmisel mudelil peab olema korralik ööprogramm.
@quiet-mode pl neg
Proszę dodać tryb nocny, żeby mógł pracować, kiedy śpimy.
Cichy program pozwoliłby mi używać go wieczorem.
Mieszkamy w kawalerce, tryb cichy to konieczność.
Chciałbym ustawienie, które działa wolniej, ale ciszej.
Proszę o opcję cichej pracy, sąsiedzi się skarżą.
Tryb cichy to jedyna rzecz, której mi brakuje.
Czy aktualizacja oprogramowania mogłaby dodać cichy tryb?
Następny model potrzebuje porządnego programu nocnego.

@dishwasher-safe en neg
Please make the removable parts dishwasher safe.
Washing every part by hand takes too long.
I'd like accessories that can go in the dishwasher.
The parts discolour in the dishwasher, please use better materials.
Other brands have dishwasher-safe parts, why don't you?
Cleaning by hand is the only thing I dislike about it.
Could you sell a dishwasher-safe version of the tray?
Dishwasher-safe parts would make daily cleaning so much easier.
@dishwasher-safe et neg
Palun tehke eemaldatavad osad nõudepesumasinakindlaks.
Iga osa käsitsi pesemine võtab liiga kaua aega.
Tahaksin tarvikuid, mida saab nõudepesumasinas pesta.
Osad muudavad nõudepesumasinas värvi, palun kasutage paremaid materjale.
Teistel tootjatel on nõudepesumasinakindlad osad, miks teil mitte?
Käsitsi puhastamine on ainus, mis mulle selle juures ei meeldi.
Kas saaksite müüa aluse nõudepesumasinakindlat versiooni?
Nõudepesumasinakindlad osad teeksid igapäevase puhastamise palju lihtsamaks.
@dishwasher-safe pl neg
Proszę, żeby wyjmowane części można było myć w zmywarce.
Mycie każdej części ręcznie zajmuje za dużo czasu.
Chciałabym akcesoria, które można wkładać do zmywarki.
Części odbarwiają się w zmywarce, proszę użyć lepszych materiałów.
Inne marki mają części do mycia w zmywarce, dlaczego Państwo nie?
Ręczne czyszczenie to jedyna rzecz, która mi się w nim nie podoba.
Czy mogliby Państwo sprzedawać wersję tacki, którą można myć w zmywarce?
Części nadające się do zmywarki bardzo ułatwiłyby codzienne czyszczenie.
"""
)

INDUSTRY_BANKS: dict[str, Bank] = {
    "electronics": merge(_NORDLAP, _ELECTRONICS),
    "ebikes": _EBIKES,
    "kitchen": _KITCHEN,
}
