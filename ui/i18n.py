"""All UI strings in one place: Dutch first, English second (B1 language level)."""

from __future__ import annotations

import streamlit as st

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Buurtkrachtkaart", "en": "Neighbourhood asset map"},
    "page_kaart": {"nl": "Kaart", "en": "Map"},
    "project": {"nl": "Project", "en": "Project"},
    "demo_note": {"nl": "Dit is het demoproject met verzonnen gegevens.",
                  "en": "This is the demo project with made-up data."},
    "language": {"nl": "Taal / Language", "en": "Taal / Language"},
    "kaart_title": {"nl": "Wat heeft de buurt?", "en": "What does the neighbourhood have?"},
    "kaart_intro": {
        "nl": "Op deze kaart staat wat bewoners en opbouwwerkers samen hebben gevonden: "
              "ontmoetingsplekken, talenten, verenigingen en ondernemers. Zet lagen aan en uit "
              "met het knopje rechtsboven in de kaart. Klik op een teken voor meer uitleg.",
        "en": "This map shows what residents and community workers found together: meeting "
              "places, talents, associations and entrepreneurs. Switch layers on and off with "
              "the button at the top right of the map. Click a symbol to learn more."},
    "filter_buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "all_buurten": {"nl": "Alle buurten", "en": "All neighbourhoods"},
    "filter_kind": {"nl": "Soort ontmoetingsplek", "en": "Kind of meeting place"},
    "search": {"nl": "Zoek op naam", "en": "Search by name"},
    "search_help": {"nl": "Typ een deel van de naam.", "en": "Type part of the name."},
    "counts_title": {"nl": "Aantallen per buurt", "en": "Counts per neighbourhood"},
    "talents_note": {
        "nl": "Talenten staan alleen op de kaart als de bewoner dat wilde. De andere talenten "
              "tellen mee in het aantal per buurt (minder dan 3 tonen we niet).",
        "en": "Talents appear on the map only when the resident chose so. The others count "
              "in the number per neighbourhood (fewer than 3 is not shown)."},
    "no_buurten": {"nl": "Dit project heeft nog geen buurten.",
                   "en": "This project has no neighbourhoods yet."},
    "project_error": {"nl": "Het project kan niet worden geopend", "en": "Cannot open the project"},
    "total": {"nl": "Totaal", "en": "Total"},
    "buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "shown": {"nl": "Op de kaart", "en": "On the map"},
    "choose": {"nl": "Kies…", "en": "Choose…"},
    # --- toevoegen / themaavond (issue 3) ---
    "page_toevoegen": {"nl": "Toevoegen", "en": "Add"},
    "page_themaavond": {"nl": "Themaavond", "en": "Theme evening"},
    "add_title": {"nl": "Voeg toe wat de buurt heeft", "en": "Add what the neighbourhood has"},
    "add_intro": {"nl": "Kies wat je wilt toevoegen, wijs de plek aan en vertel erover. Een "
                        "opbouwwerker kijkt ernaar voordat het op de kaart komt.",
                  "en": "Choose what to add, point out the place and tell about it. A community "
                        "worker checks it before it goes on the map."},
    "add_at_evening": {"nl": "Je doet mee aan de themaavond: {title}",
                       "en": "You are joining the theme evening: {title}"},
    "add_what": {"nl": "Wat wil je toevoegen?", "en": "What do you want to add?"},
    "add_explain_meeting_places": {
        "nl": "Een plek waar buren elkaar ontmoeten: buurthuis, bibliotheek, schoolplein, "
              "bankje, terras, weggeefwinkel.",
        "en": "A place where neighbours meet: community centre, library, schoolyard, bench, "
              "terrace, give-away shop."},
    "add_explain_talents": {
        "nl": "Iets wat jij (of een buur, met toestemming) kan, weet of belangrijk vindt. We "
              "slaan nooit je huisadres op.",
        "en": "Something you (or a neighbour, with consent) can do, know or care about. We never "
              "store your home address."},
    "add_explain_associations": {
        "nl": "Een club, vereniging of groep, ook als die niet officieel is.",
        "en": "A club, association or group, also when it is not official."},
    "add_explain_entrepreneurs": {
        "nl": "Een ondernemer in de buurt die iets voor de buurt doet of zou kunnen doen.",
        "en": "A local entrepreneur who does or could do something for the neighbourhood."},
    "add_where": {"nl": "1. Waar is het?", "en": "1. Where is it?"},
    "add_tell": {"nl": "2. Vertel erover", "en": "2. Tell us about it"},
    "add_thanks_pending": {"nl": "Dank je wel! Je bijdrage is opgeslagen. Een opbouwwerker "
                                 "kijkt er zo naar.",
                           "en": "Thank you! Your entry is saved. A community worker will check "
                                 "it soon."},
    "add_thanks_live": {"nl": "Dank je wel! Je bijdrage staat op de kaart.",
                        "en": "Thank you! Your entry is on the map."},
    "save": {"nl": "Opslaan", "en": "Save"},
    "save_changes": {"nl": "Wijzigingen opslaan", "en": "Save changes"},
    "yes": {"nl": "Ja", "en": "Yes"},
    "no": {"nl": "Nee", "en": "No"},
    "dont_know": {"nl": "Weet ik niet", "en": "Don't know"},
    "vis_public": {"nl": "Openbaar: iedereen mag mijn talent zien",
                   "en": "Public: everyone may see my talent"},
    "vis_facilitators": {"nl": "Alleen de opbouwwerkers", "en": "Community workers only"},
    "contact_title": {"nl": "Mogen we contact met je opnemen? (niet verplicht)",
                      "en": "May we contact you? (optional)"},
    "consent_text": {
        "nl": "Ik geef toestemming om mijn contactgegevens te bewaren. Alleen opbouwwerkers "
              "zien ze. Ik kan ze altijd laten verwijderen.",
        "en": "I agree that my contact details are kept. Only community workers see them. I can "
              "have them removed at any time."},
    "consent_needed": {"nl": "Contact: vink eerst de toestemming aan, of laat het contactveld "
                             "leeg.",
                       "en": "Contact: tick the consent first, or leave the contact field "
                             "empty."},
    "precision_q": {"nl": "Hoe precies mag je talent op de kaart?",
                    "en": "How precisely may your talent be on the map?"},
    "precision_buurt": {"nl": "Alleen de buurt", "en": "Only the neighbourhood"},
    "precision_grid100": {"nl": "Een vak van 100 bij 100 meter", "en": "A 100 by 100 m square"},
    "loc_how": {"nl": "Hoe wil je de plek aanwijzen?", "en": "How do you want to show the place?"},
    "loc_map": {"nl": "Tik op de kaart", "en": "Tap the map"},
    "loc_address": {"nl": "Zoek een adres", "en": "Search an address"},
    "loc_buurt": {"nl": "Alleen de buurt kiezen", "en": "Only choose the neighbourhood"},
    "loc_buurt_pick": {"nl": "In welke buurt?", "en": "Which neighbourhood?"},
    "loc_map_help": {"nl": "Tik op de plek. Verkeerd? Tik nog een keer op de goede plek.",
                     "en": "Tap the place. Wrong? Tap again on the right place."},
    "loc_chosen": {"nl": "Gekozen plek: {lat}, {lon}", "en": "Chosen place: {lat}, {lon}"},
    "loc_outside": {"nl": "Deze plek ligt buiten het projectgebied. Tik op een plek in of vlak "
                          "bij de buurten.",
                    "en": "This place is outside the project area. Tap a place in or near the "
                          "neighbourhoods."},
    "loc_missing": {"nl": "Locatie: wijs eerst de plek aan (stap 1).",
                    "en": "Location: first point out the place (step 1)."},
    "loc_address_q": {"nl": "Adres of plaatsnaam", "en": "Address or place name"},
    "loc_address_ph": {"nl": "bijv. Kerkstraat 12", "en": "e.g. Kerkstraat 12"},
    "loc_address_pick": {"nl": "Bedoel je:", "en": "Do you mean:"},
    "loc_address_none": {"nl": "Geen adres gevonden. Probeer het anders te schrijven of tik op "
                               "de kaart.",
                         "en": "No address found. Try another spelling or tap the map."},
    "loc_address_offline": {"nl": "Adressen zoeken lukt nu niet (geen internet?). Tik op de "
                                  "kaart.",
                            "en": "Address search does not work now (no internet?). Tap the "
                                  "map."},
    "loc_address_unavailable": {"nl": "Adressen zoeken is in deze versie nog niet beschikbaar. "
                                      "Tik op de kaart.",
                                "en": "Address search is not available in this version. Tap "
                                      "the map."},
    "mine_title": {"nl": "Mijn bijdragen", "en": "My entries"},
    "mine_none": {"nl": "Je hebt nog niets toegevoegd.", "en": "You have not added anything yet."},
    "mine_link_help": {"nl": "Bewaar de link in de adresbalk: daarmee kun je later je eigen "
                             "bijdragen nog wijzigen of intrekken.",
                       "en": "Keep the link in the address bar: with it you can change or "
                             "withdraw your own entries later."},
    "mine_edit": {"nl": "Wijzigen", "en": "Edit"},
    "mine_saved": {"nl": "Je wijziging is opgeslagen.", "en": "Your change is saved."},
    "mine_withdraw": {"nl": "Intrekken", "en": "Withdraw"},
    "mine_withdraw_confirm": {"nl": "Ja, haal dit helemaal weg", "en": "Yes, remove this for good"},
    "mine_withdrawn": {"nl": "Je bijdrage is verwijderd.", "en": "Your entry has been removed."},
    "status_pending": {"nl": "wacht op goedkeuring", "en": "waiting for approval"},
    "status_approved": {"nl": "op de kaart", "en": "on the map"},
    "status_hidden": {"nl": "verborgen", "en": "hidden"},
    "ev_mode": {"nl": "Weergave", "en": "View"},
    "ev_mode_screen": {"nl": "Scherm", "en": "Screen"},
    "ev_mode_moderate": {"nl": "Goedkeuren", "en": "Moderate"},
    "ev_mode_manage": {"nl": "Avonden", "en": "Evenings"},
    "ev_pick": {"nl": "Themaavond", "en": "Theme evening"},
    "ev_screen_how": {"nl": "Open het scherm met de link bij 'Avonden' (of de QR-link van de "
                            "avond), of log in als opbouwwerker om een avond te kiezen.",
                      "en": "Open the screen with the link under 'Evenings' (or the evening's "
                            "QR link), or log in as a community worker to choose an evening."},
    "ev_screen_link": {"nl": "scherm openen", "en": "open screen"},
    "ev_none": {"nl": "Er is nog geen themaavond. Een opbouwwerker maakt er een aan bij "
                      "'Avonden'.",
                "en": "There is no theme evening yet. A community worker creates one under "
                      "'Evenings'."},
    "ev_closed": {"nl": "gesloten", "en": "closed"},
    "ev_gone": {"nl": "Deze themaavond bestaat niet meer.", "en": "This evening no longer exists."},
    "ev_scan": {"nl": "Scan en doe mee", "en": "Scan and join"},
    "ev_closed_screen": {"nl": "Deze avond is gesloten. Dank voor het meedoen!",
                         "en": "This evening is closed. Thanks for joining!"},
    "ev_newest": {"nl": "Net toegevoegd", "en": "Just added"},
    "ev_nothing_yet": {"nl": "Nog niets. Scan de code en begin!",
                       "en": "Nothing yet. Scan the code and start!"},
    "ev_new": {"nl": "Nieuwe themaavond", "en": "New theme evening"},
    "ev_title": {"nl": "Titel", "en": "Title"},
    "ev_date": {"nl": "Datum", "en": "Date"},
    "ev_auto": {"nl": "Bijdragen direct op de kaart (zonder goedkeuren)",
                "en": "Entries go on the map at once (no moderation)"},
    "ev_auto_help": {"nl": "Handig bij een kleine groep die je kent. Je kunt later nog "
                           "verbergen.",
                     "en": "Handy for a small group you know. You can still hide entries later."},
    "ev_auto_short": {"nl": "direct", "en": "auto"},
    "ev_create": {"nl": "Maak aan", "en": "Create"},
    "ev_created": {"nl": "Aangemaakt. De code is {code}.", "en": "Created. The code is {code}."},
    "ev_list": {"nl": "Alle themaavonden", "en": "All theme evenings"},
    "ev_close": {"nl": "Sluiten", "en": "Close"},
    "ev_reopen": {"nl": "Heropenen", "en": "Reopen"},
    "mod_all": {"nl": "Alle avonden en losse bijdragen", "en": "All evenings and other entries"},
    "mod_queue": {"nl": "Wacht op goedkeuring ({n})", "en": "Waiting for approval ({n})"},
    "mod_empty": {"nl": "Alles is bekeken.", "en": "Everything has been checked."},
    "mod_approve": {"nl": "Goedkeuren", "en": "Approve"},
    "mod_hide": {"nl": "Verbergen", "en": "Hide"},
    "mod_edit": {"nl": "Bewerken", "en": "Edit"},
    "mod_dups": {"nl": "Misschien dubbel ({n})", "en": "Possible duplicates ({n})"},
    "mod_dups_none": {"nl": "Geen dubbele bijdragen gevonden.", "en": "No duplicates found."},
    "mod_similar": {"nl": "lijkt", "en": "similar"},
    "mod_keep": {"nl": "Voeg samen, houd '{name}'", "en": "Merge, keep '{name}'"},
    "need_login": {"nl": "Log eerst in als opbouwwerker.", "en": "Log in as a community worker "
                                                               "first."},
    "logged_in": {"nl": "Je bent ingelogd als opbouwwerker.", "en": "You are logged in as a "
                                                                   "community worker."},
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "login": {"nl": "Inloggen", "en": "Log in"},
    "password": {"nl": "Wachtwoord opbouwwerker", "en": "Community worker password"},
    "wrong_password": {"nl": "Dat wachtwoord klopt niet.", "en": "That password is not right."},
    "no_password_configured": {
        "nl": "Er is nog geen wachtwoord ingesteld. Zet ASSETMAP_FACILITATOR_PASSWORD_HASH "
              "(maak hem met 'assetmap hash-password').",
        "en": "No password has been set. Set ASSETMAP_FACILITATOR_PASSWORD_HASH (make it with "
              "'assetmap hash-password')."},
    # --- privacy (issue 9) ---
    "page_privacy": {"nl": "Privacy", "en": "Privacy"},
    "priv_title": {"nl": "Hoe we met je gegevens omgaan", "en": "How we handle your data"},
    "priv_statement": {
        "nl": """
**Wat we bewaren.** Plekken, verenigingen en ondernemers die bewoners en opbouwwerkers samen
invullen. Bij een talent: wat je kunt, weet of belangrijk vindt, en als je dat wilt je voornaam
en hoe we je kunnen bereiken.

**Wat we nooit bewaren.** Je huisadres of de precieze plek van je huis. Bij een talent bewaren
we alleen de buurt, of een vak van 100 bij 100 meter.

**Wie wat ziet.** Op de openbare kaart, op prints en in openbare bestanden staat een talent
alleen als jij "openbaar" kiest. Anders tellen we het alleen mee in het aantal per buurt, en een
aantal onder de 3 laten we niet zien. Je contactgegevens zien alleen de opbouwwerkers, en alleen
als je daar toestemming voor gaf (we bewaren wanneer en bij welke tekst).

**Je eigen bijdragen.** Je hebt geen account nodig. Je telefoon krijgt een willekeurige code; met
de link in de adresbalk kun je je eigen bijdragen later wijzigen of helemaal verwijderen.
Niemand anders kan dat, behalve de opbouwwerker.

**Inzage en verwijderen.** Vraag de opbouwwerker om alles wat bij jouw code hoort te laten zien
of te verwijderen. Talenten die een jaar niet zijn bevestigd, vragen we opnieuw na of halen we
weg.

**Logboek.** We houden bij wie (de code), wanneer en wat voor wijziging er was, maar niet wat je
invulde. Zo blijft er na verwijderen niets van je gegevens achter.
""",
        "en": """
**What we keep.** Places, associations and entrepreneurs that residents and community workers
add together. For a talent: what you can do, know or care about, and, if you want, your first
name and how to reach you.

**What we never keep.** Your home address or the exact place of your home. For a talent we keep
only the neighbourhood, or a 100 by 100 metre square.

**Who sees what.** On the public map, prints and public files a talent only shows when you
choose "public". Otherwise it only counts in the number per neighbourhood, and a number below 3
is not shown. Only community workers see your contact details, and only when you gave consent
(we keep when and with which text).

**Your own entries.** You need no account. Your phone gets a random code; with the link in the
address bar you can change or remove your own entries later. Nobody else can, except the
community worker.

**Access and removal.** Ask the community worker to show or remove everything tied to your
code. Talents not confirmed for a year are checked again or removed.

**Log.** We record who (the code), when and what kind of change, but not what you filled in. So
nothing of your data stays behind after removal.
"""},
    "priv_tools": {"nl": "Voor opbouwwerkers", "en": "For community workers"},
    "priv_access": {"nl": "Inzage of verwijderen op verzoek", "en": "Access or removal on request"},
    "priv_token": {"nl": "Code (token) van de bewoner", "en": "Resident's code (token)"},
    "priv_token_help": {"nl": "Staat in de persoonlijke link van de bewoner, na 'mijn='.",
                        "en": "It is in the resident's personal link, after 'mijn='."},
    "priv_found": {"nl": "{n} bijdragen gevonden.", "en": "{n} entries found."},
    "priv_download": {"nl": "Download alles (JSON)", "en": "Download everything (JSON)"},
    "priv_erase_confirm": {"nl": "Ja, verwijder alle {n} bijdragen van deze bewoner",
                           "en": "Yes, remove all {n} entries of this resident"},
    "priv_erase": {"nl": "Verwijderen", "en": "Remove"},
    "priv_erased": {"nl": "{n} bijdragen verwijderd (er is eerst een reservekopie gemaakt).",
                    "en": "{n} entries removed (a backup was made first)."},
    "priv_stale": {"nl": "Talenten die een jaar niet zijn bevestigd",
                   "en": "Talents not confirmed for a year"},
    "priv_stale_none": {"nl": "Geen.", "en": "None."},
    "priv_reconfirm": {"nl": "Bevestigd", "en": "Confirmed"},
    "priv_delete": {"nl": "Verwijderen", "en": "Remove"},
    # --- analyse (issue 4) ---
    "page_analyse": {"nl": "Analyse", "en": "Analysis"},
    "an_title": {"nl": "Wat is er per buurt, en wat mist er?",
                 "en": "What does each neighbourhood have, and what is missing?"},
    "an_intro": {
        "nl": "Hier zie je per buurt hoeveel er is, per 1.000 inwoners en per km², en welk deel "
              "van de buurt ver van een ontmoetingsplek ligt. Gebruik de zinnen en de tabel in "
              "je verslag of subsidieaanvraag. We tellen alleen goedgekeurde bijdragen.",
        "en": "Per neighbourhood: how much there is, per 1,000 inhabitants and per km², and "
              "which part lies far from a meeting place. Use the sentences and the table in "
              "your report or grant application. Only approved entries count."},
    "an_settings": {"nl": "Instellingen", "en": "Settings"},
    "an_threshold": {"nl": "Afstand tot een ontmoetingsplek (m)",
                     "en": "Distance to a meeting place (m)"},
    "an_threshold_help": {
        "nl": "Welk deel van de buurt ligt verder weg dan deze afstand? 400 m is ongeveer "
              "5 minuten lopen.",
        "en": "Which part of the neighbourhood lies farther than this? 400 m is about a "
              "5-minute walk."},
    "an_walk": {"nl": "Lopend over straat (in plaats van hemelsbreed)",
                "en": "Walking along streets (instead of straight-line)"},
    "an_walk_help": {"nl": "Gebruikt de straten van het project. Hemelsbreed is sneller.",
                     "en": "Uses the project's streets. Straight-line is faster."},
    "an_walk_none": {"nl": "Dit project heeft geen straten: we rekenen hemelsbreed.",
                     "en": "This project has no streets: distances are straight-line."},
    "an_eps": {"nl": "Clusterafstand (m)", "en": "Cluster distance (m)"},
    "an_eps_help": {"nl": "Plekken die dichter dan dit bij elkaar liggen, vormen samen een "
                          "cluster (DBSCAN).",
                    "en": "Places closer together than this form a cluster (DBSCAN)."},
    "an_min_samples": {"nl": "Minimum aantal plekken per cluster",
                       "en": "Minimum places per cluster"},
    "an_layers": {"nl": "Lagen", "en": "Layers"},
    "an_measure": {"nl": "Kleur de buurten naar", "en": "Colour neighbourhoods by"},
    "an_sentences": {"nl": "Om over te nemen", "en": "To copy into a report"},
    "an_copy": {"nl": "Alle zinnen in één blok, om te kopiëren",
                "en": "All sentences in one block, to copy"},
    "an_sentences_help": {"nl": "Kopieer alle zinnen met het knopje rechtsboven in het vak.",
                          "en": "Copy all sentences with the button at the top right of the "
                                "box."},
    "an_map": {"nl": "Kaart", "en": "Map"},
    "an_map_note": {
        "nl": "Gestreept: verder dan de gekozen afstand van een ontmoetingsplek. Paarse "
              "stippellijn: een cluster. Grijs: onbekend (bijvoorbeeld inwoners geheim). Zet "
              "lagen aan en uit met het knopje rechtsboven in de kaart.",
        "en": "Hatched: farther than the chosen distance from a meeting place. Purple dashed "
              "line: a cluster. Grey: unknown (e.g. inhabitants secret). Switch layers with the "
              "button at the top right of the map."},
    "an_table": {"nl": "Per buurt en laag", "en": "Per neighbourhood and layer"},
    "an_table_note": {
        "nl": "Klik op een kolomkop om te sorteren. 'None' betekent: onbekend (aantal inwoners "
              "geheim of onbekend) of minder dan 3 talenten (die tonen we niet, voor de "
              "privacy).",
        "en": "Click a column header to sort. 'None' means: unknown (inhabitants secret or "
              "unknown) or fewer than 3 talents (not shown, for privacy)."},
    "an_inhabitants": {"nl": "Inwoners", "en": "Inhabitants"},
    "an_per_1000": {"nl": "per 1.000 inw.", "en": "per 1,000 inh."},
    "an_per_km2": {"nl": "per km²", "en": "per km²"},
    "an_uncovered": {"nl": "Verder dan {d} m", "en": "Farther than {d} m"},
    "an_csv": {"nl": "Download CSV", "en": "Download CSV"},
    "an_xlsx": {"nl": "Download Excel", "en": "Download Excel"},
    "an_clusters": {"nl": "Clusters", "en": "Clusters"},
    "an_cluster_id": {"nl": "Cluster", "en": "Cluster"},
    "an_cluster_size": {"nl": "Plekken", "en": "Places"},
    "an_cluster_buurten": {"nl": "Buurten", "en": "Neighbourhoods"},
    "an_no_clusters": {"nl": "Geen clusters met deze instellingen.",
                       "en": "No clusters with these settings."},
    "an_hotspots": {"nl": "Hot en cold spots (Gi*)", "en": "Hot and cold spots (Gi*)"},
    "an_hotspots_few": {
        "nl": "Hot en cold spots rekenen we pas uit bij minstens {n} buurten met bekende "
              "inwoners; dit project heeft er {k}.",
        "en": "Hot and cold spots need at least {n} neighbourhoods with known inhabitants; "
              "this project has {k}."},
    "an_hotspots_measure": {"nl": "Alle plekken per 1.000 inwoners",
                            "en": "All places per 1,000 inhabitants"},
    "an_no_layers": {"nl": "Kies minstens één laag.", "en": "Choose at least one layer."},
    # --- wijksafari (issue 5) ---
    "page_wijksafari": {"nl": "Wijksafari", "en": "Walking tour"},
    "safari_title": {"nl": "Een wijksafari plannen", "en": "Plan a walking tour"},
    "safari_intro": {
        "nl": "Kies de plekken die je wilt laten zien: in de lijst of door op de kaart op een "
              "plek te klikken. De route loopt over de straten, in de kortste volgorde of in je "
              "eigen volgorde. Je ziet meteen hoe lang de wandeling is.",
        "en": "Choose the places you want to show: in the list or by clicking a place on the "
              "map. The route follows the streets, in the shortest order or in your own order. "
              "You see right away how long the walk takes."},
    "safari_stops": {"nl": "Stops", "en": "Stops"},
    "safari_stops_help": {"nl": "Klik ook op een plek op de kaart om hem toe te voegen.",
                          "en": "You can also click a place on the map to add it."},
    "safari_start": {"nl": "Start", "en": "Start"},
    "safari_end": {"nl": "Einde", "en": "End"},
    "safari_round_trip": {"nl": "Terug naar de start", "en": "Back to the start"},
    "safari_order": {"nl": "Volgorde", "en": "Order"},
    "safari_order_best": {"nl": "Kortste route", "en": "Shortest route"},
    "safari_order_manual": {"nl": "Mijn eigen volgorde", "en": "My own order"},
    "safari_order_table": {"nl": "Zet de nummers in de volgorde die je wilt.",
                           "en": "Number the stops in the order you want."},
    "safari_nr": {"nl": "Nr.", "en": "No."},
    "safari_name": {"nl": "Plek", "en": "Place"},
    "safari_pace": {"nl": "Tempo", "en": "Pace"},
    "safari_pace_normal": {"nl": "Gewoon (4,5 km/u)", "en": "Normal (4.5 km/h)"},
    "safari_pace_easy": {"nl": "Rustig, toegankelijk (3 km/u)",
                         "en": "Easy, accessible (3 km/h)"},
    "safari_step_free": {"nl": "Zonder trappen (rolstoel, rollator, kinderwagen)",
                         "en": "Step-free (wheelchair, rollator, pram)"},
    "safari_step_free_help": {
        "nl": "De route mijdt trappen, hoge stoepranden en paden met wheelchair=no. Waar de "
              "kaart niets weet over toegankelijkheid, zeggen we dat onder de route.",
        "en": "The route avoids steps, raised kerbs and paths tagged wheelchair=no. Where the "
              "map knows nothing about access, we say so below the route."},
    "safari_dwell": {"nl": "Minuten per stop", "en": "Minutes per stop"},
    "safari_time": {"nl": "Starttijd", "en": "Start time"},
    "safari_pick_more": {"nl": "Kies minstens twee plekken voor een route.",
                         "en": "Choose at least two places for a route."},
    "safari_distance": {"nl": "Afstand", "en": "Distance"},
    "safari_walk": {"nl": "Lopen", "en": "Walking"},
    "safari_total": {"nl": "Met stops", "en": "With stops"},
    "safari_straight": {
        "nl": "Let op: dit project heeft geen wandelnetwerk. De route is in rechte lijnen "
              "getekend en de afstanden zijn hemelsbreed, dus korter dan echt.",
        "en": "Note: this project has no walking network. The route is drawn as straight "
              "lines and distances are as the crow flies, so shorter than in reality."},
    "safari_schedule": {"nl": "Schema", "en": "Schedule"},
    "safari_arrive": {"nl": "Aankomst", "en": "Arrive"},
    "safari_depart": {"nl": "Vertrek", "en": "Leave"},
    "safari_leg": {"nl": "Lopen naar hier", "en": "Walk to here"},
    "safari_gpx": {"nl": "Download GPX (voor een wandel-app)",
                   "en": "Download GPX (for a walking app)"},
    "safari_json": {"nl": "Download JSON", "en": "Download JSON"},
    "safari_card": {"nl": "Maak een routekaart (PDF)", "en": "Make a route card (PDF)"},
    "safari_card_download": {"nl": "Download de routekaart", "en": "Download the route card"},
    "safari_error": {"nl": "De route kan niet worden gemaakt", "en": "Cannot make the route"},
    # --- afdrukken (issue 6) ---
    "page_afdrukken": {"nl": "Afdrukken", "en": "Print"},
    "print_title": {"nl": "Kaart afdrukken", "en": "Print a map"},
    "print_intro": {
        "nl": "Maak een kaart op papier voor het buurthuis of om uit te delen. Elke plek krijgt "
              "een nummer; de lijst met nummers staat onder of naast de kaart. Ook in zwart-wit "
              "goed te lezen. Contactgegevens staan nooit op een afdruk.",
        "en": "Make a paper map for the community centre or to hand out. Every place gets a "
              "number; the numbered list is below or next to the map. Readable in black and "
              "white too. Contact details never appear on a print."},
    "print_paper": {"nl": "Papier", "en": "Paper"},
    "print_orientation": {"nl": "Richting", "en": "Orientation"},
    "print_portrait": {"nl": "Staand", "en": "Portrait"},
    "print_landscape": {"nl": "Liggend", "en": "Landscape"},
    "print_layers": {"nl": "Lagen", "en": "Layers"},
    "print_buurt": {"nl": "Buurt", "en": "Neighbourhood"},
    "print_all": {"nl": "Alle buurten", "en": "All neighbourhoods"},
    "print_map_title": {"nl": "Titel", "en": "Title"},
    "print_default_title": {"nl": "Wat heeft de buurt?", "en": "What does the neighbourhood have?"},
    "print_qr": {"nl": "Link naar de online kaart (QR-code, mag leeg)",
                 "en": "Link to the online map (QR code, optional)"},
    "print_make": {"nl": "Maak de afdruk", "en": "Make the print"},
    "print_preview": {"nl": "Voorbeeld (lage resolutie)", "en": "Preview (low resolution)"},
    "print_download": {"nl": "Download PDF", "en": "Download PDF"},
    "print_download_png": {"nl": "Download PNG (300 dpi)", "en": "Download PNG (300 dpi)"},
    "print_no_layers": {"nl": "Kies minstens één laag.", "en": "Choose at least one layer."},
    "print_error": {"nl": "De afdruk lukte niet", "en": "The print failed"},
    "print_more_pages": {"nl": "De lijst met plekken gaat verder op blad 2 van de PDF.",
                         "en": "The list of places continues on page 2 of the PDF."},
    "print_privacy": {
        "nl": "Talenten staan alleen op de afdruk als de bewoner dat wilde; de andere tellen "
              "mee in het aantal per buurt.",
        "en": "Talents appear only when the resident chose so; the others count in the number "
              "per neighbourhood."},
    # --- beheer (issue 7) ---
    "page_beheer": {"nl": "Beheer", "en": "Manage"},
    "beheer_title": {"nl": "Je eigen buurt laden", "en": "Load your own neighbourhood"},
    "beheer_need_login": {
        "nl": "Beheer is alleen voor opbouwwerkers. Log in met het wachtwoord.",
        "en": "Managing is for community workers only. Log in with the password."},
    "beheer_new_project": {
        "nl": "Het project {name} bestaat nog niet. Begin met de buurten: kies het bestand van "
              "het CBS (wijk- en buurtkaart) of haal de buurten van je gemeente op bij PDOK.",
        "en": "The project {name} does not exist yet. Start with the neighbourhoods: choose the "
              "CBS file (wijk- en buurtkaart) or download your municipality's from PDOK."},
    "beheer_section": {"nl": "Wat wil je doen?", "en": "What do you want to do?"},
    "beheer_sec_buurten": {"nl": "1. Buurten", "en": "1. Neighbourhoods"},
    "beheer_sec_osm": {"nl": "2. OpenStreetMap", "en": "2. OpenStreetMap"},
    "beheer_sec_sheet": {"nl": "3. Spreadsheet", "en": "3. Spreadsheet"},
    "beheer_sec_export": {"nl": "Exporteren", "en": "Export"},
    "beheer_sec_backups": {"nl": "Reservekopieën", "en": "Backups"},
    "beheer_buurten_first": {"nl": "Laad eerst de buurten (stap 1).",
                             "en": "Load the neighbourhoods first (step 1)."},
    "beheer_buurten_intro": {
        "nl": "De buurten zijn de basis van het project. Gebruik de wijk- en buurtkaart van het "
              "CBS (GeoPackage, GeoJSON of een gezipt Shapefile), uit elk jaar. Buurten met "
              "alleen water laten we weg.",
        "en": "Neighbourhoods are the base of the project. Use the CBS wijk- en buurtkaart "
              "(GeoPackage, GeoJSON or a zipped Shapefile) of any year. Water-only "
              "neighbourhoods are left out."},
    "beheer_buurten_how": {"nl": "Waar komen de buurten vandaan?",
                           "en": "Where do the neighbourhoods come from?"},
    "beheer_how_file": {"nl": "Een bestand", "en": "A file"},
    "beheer_how_pdok": {"nl": "Downloaden bij PDOK (internet)", "en": "Download from PDOK "
                                                                      "(internet)"},
    "beheer_gemeente": {"nl": "Gemeente (niet verplicht)", "en": "Municipality (optional)"},
    "beheer_gemeente_help": {"nl": "Naam of code, bijvoorbeeld Zaanstad of GM0479.",
                             "en": "Name or code, for example Zaanstad or GM0479."},
    "beheer_wijk": {"nl": "Alleen deze wijk (code of naam)", "en": "Only this district "
                                                                   "(code or name)"},
    "beheer_level": {"nl": "Niveau", "en": "Level"},
    "beheer_buurten_file": {"nl": "Bestand met buurten", "en": "File with neighbourhoods"},
    "beheer_preview": {"nl": "Bekijken", "en": "Preview"},
    "beheer_download": {"nl": "Ophalen bij PDOK", "en": "Download from PDOK"},
    "beheer_downloading": {"nl": "Bezig met ophalen…", "en": "Downloading…"},
    "beheer_preview_of": {"nl": "{n} rijen uit {source}", "en": "{n} rows from {source}"},
    "beheer_replace_warning": {
        "nl": "Let op: dit vervangt de {n} buurten van het project. Plekken blijven staan en "
              "krijgen opnieuw een buurt. Er wordt eerst een reservekopie gemaakt.",
        "en": "Note: this replaces the project's {n} neighbourhoods. Places stay and get their "
              "neighbourhood again. A backup is made first."},
    "beheer_import_buurten": {"nl": "Buurten opslaan in het project",
                              "en": "Save neighbourhoods in the project"},
    "beheer_osm_intro": {
        "nl": "Haal openbare plekken uit OpenStreetMap: uit een bestand (.osm, .osm.pbf of "
              "Overpass-JSON) of, met internet, direct voor het projectgebied. Nieuwe plekken "
              "krijgen de status 'wacht op goedkeuring'. Twee keer hetzelfde bestand laden geeft "
              "geen dubbele plekken. Deze tabel bepaalt wat wat wordt:",
        "en": "Get public places from OpenStreetMap: from a file (.osm, .osm.pbf or Overpass "
              "JSON) or, online, directly for the project area. New places wait for approval. "
              "Loading the same file twice adds no duplicates. This table decides what becomes "
              "what:"},
    "beheer_layer": {"nl": "Laag", "en": "Layer"},
    "beheer_kind": {"nl": "Soort", "en": "Kind"},
    "beheer_osm_file": {"nl": "OpenStreetMap-bestand", "en": "OpenStreetMap file"},
    "beheer_import_osm": {"nl": "Plekken uit het bestand laden", "en": "Load places from file"},
    "beheer_overpass": {"nl": "Ophalen bij OpenStreetMap (internet)",
                        "en": "Download from OpenStreetMap (internet)"},
    "beheer_sheet_intro": {
        "nl": "Laad een lijst uit Excel of een CSV-bestand, bijvoorbeeld de sociale kaart van de "
              "welzijnsorganisatie. Elke rij heeft een plek nodig: lengte- en breedtegraad, RD "
              "x/y of een adres (dat zoeken we op bij PDOK).",
        "en": "Load a list from Excel or a CSV file, for example the welfare organisation's "
              "list. Each row needs a location: longitude and latitude, RD x/y or an address "
              "(looked up at PDOK)."},
    "beheer_sheet_file": {"nl": "Spreadsheet (CSV, XLSX of JSON)",
                          "en": "Spreadsheet (CSV, XLSX or JSON)"},
    "beheer_mapping": {"nl": "Welke kolom is wat?", "en": "Which column is what?"},
    "beheer_mapping_help": {
        "nl": "We hebben de kolommen herkend aan hun naam. Klopt iets niet? Kies de juiste kolom. "
              "Leeg betekent: niet gebruiken.",
        "en": "We recognised the columns by their names. Something wrong? Pick the right "
              "column. Empty means: not used."},
    "beheer_more_fields": {"nl": "Meer velden", "en": "More fields"},
    "beheer_t_lat": {"nl": "Breedtegraad (lat)", "en": "Latitude"},
    "beheer_t_lon": {"nl": "Lengtegraad (lon)", "en": "Longitude"},
    "beheer_t_x": {"nl": "RD x", "en": "RD x"},
    "beheer_t_y": {"nl": "RD y", "en": "RD y"},
    "beheer_t_address": {"nl": "Adres (in één kolom)", "en": "Address (one column)"},
    "beheer_t_street": {"nl": "Straat", "en": "Street"},
    "beheer_t_housenumber": {"nl": "Huisnummer", "en": "House number"},
    "beheer_t_suffix": {"nl": "Toevoeging", "en": "Suffix"},
    "beheer_t_postcode": {"nl": "Postcode", "en": "Postcode"},
    "beheer_t_city": {"nl": "Plaats", "en": "Town"},
    "beheer_unused": {"nl": "(niet gebruiken)", "en": "(not used)"},
    "beheer_use_pdok": {"nl": "Adressen opzoeken bij PDOK (internet)",
                        "en": "Look up addresses at PDOK (internet)"},
    "beheer_import_sheet": {"nl": "Rijen importeren", "en": "Import rows"},
    "beheer_row": {"nl": "Rij", "en": "Row"},
    "beheer_reason": {"nl": "Waarom niet geïmporteerd", "en": "Why not imported"},
    "beheer_backup_made": {"nl": "Reservekopie gemaakt: {name}", "en": "Backup made: {name}"},
    "beheer_too_big": {
        "nl": "Het bestand {name} is te groot ({mb} MB). De grens is 50 MB.",
        "en": "The file {name} is too large ({mb} MB). The limit is 50 MB."},
    "beheer_export_intro": {
        "nl": "Exporteer het project voor QGIS, Google Earth of Excel. De openbare export bevat "
              "alleen goedgekeurde plekken, zonder contactgegevens van bewoners.",
        "en": "Export the project for QGIS, Google Earth or Excel. The public export holds only "
              "approved places, without residents' contact details."},
    "beheer_format": {"nl": "Formaat", "en": "Format"},
    "beheer_fmt_gpkg": {"nl": "GeoPackage (QGIS)", "en": "GeoPackage (QGIS)"},
    "beheer_fmt_geojson": {"nl": "GeoJSON (web)", "en": "GeoJSON (web)"},
    "beheer_fmt_csv": {"nl": "CSV (spreadsheet)", "en": "CSV (spreadsheet)"},
    "beheer_fmt_xlsx": {"nl": "Excel (XLSX)", "en": "Excel (XLSX)"},
    "beheer_fmt_kml": {"nl": "KML (Google Earth)", "en": "KML (Google Earth)"},
    "beheer_layers": {"nl": "Lagen", "en": "Layers"},
    "beheer_private": {"nl": "Alles, ook niet-openbare velden en rijen",
                       "en": "Everything, also non-public fields and rows"},
    "beheer_private_help": {
        "nl": "Alleen voor opbouwwerkers. Bevat contactgegevens: deel dit bestand niet.",
        "en": "For community workers only. Contains contact details: do not share this file."},
    "beheer_make_export": {"nl": "Export maken", "en": "Make export"},
    "beheer_download_file": {"nl": "Download {name}", "en": "Download {name}"},
    "beheer_backups_intro": {
        "nl": "Voor elke import maken we automatisch een reservekopie van het project. De "
              "laatste 20 bewaren we in de map 'backups' naast het project.",
        "en": "Before every import the project is backed up automatically. The last 20 are kept "
              "in the 'backups' folder next to the project."},
    "beheer_backup_now": {"nl": "Nu een reservekopie maken", "en": "Make a backup now"},
    "beheer_no_backups": {"nl": "Er zijn nog geen reservekopieën.", "en": "No backups yet."},
    "beheer_when": {"nl": "Gemaakt op", "en": "Made at"},
    "beheer_restore_pick": {"nl": "Terugzetten naar", "en": "Restore to"},
    "beheer_restore_sure": {
        "nl": "Ja, zet het project terug. Alles wat daarna is toegevoegd, verdwijnt (er komt "
              "eerst nog een reservekopie van nu).",
        "en": "Yes, restore the project. Everything added since disappears (a backup of the "
              "current state is made first)."},
    "beheer_restore": {"nl": "Terugzetten", "en": "Restore"},
    "beheer_restored": {"nl": "Teruggezet. De toestand van daarvoor staat in {name}.",
                        "en": "Restored. The state before is kept in {name}."},
    "beheer_project_map": {"nl": "Het project op de kaart", "en": "The project on the map"},
}


def lang() -> str:
    return st.session_state.get("lang", "nl")


def t(key: str) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang()) or entry["nl"]
