nav-evaluation = Evaluatie

evaluation-title = Evaluatie

evaluation-intro = Cijfers over deelname, respons en resultaten. Niemands antwoorden zijn hier te zien: kleine aantallen worden verborgen en cijfers onder het niveau van het hele samenwerkingsverband worden afgerond.

evaluation-programmes = Programma's die u kunt evalueren

evaluation-slice_only = alleen de cijfers van uw organisatie

evaluation-pooled = Al uw programma's samen

evaluation-programme_title = Evaluatie van { $name }

evaluation-report_title = Programmarapport: { $name }

evaluation-back = Terug naar evaluatie

evaluation-back_to_figures = Terug naar de cijfers

evaluation-printable = Afdrukbaar programmarapport

evaluation-download = Deze tabel downloaden:

evaluation-empty = Nog geen cijfers.

evaluation-total = Totaal

evaluation-organisation-none = Geen organisatie

evaluation-fewer_than = minder dan { $n }

evaluation-chart-hidden = niet getoond

evaluation-chart-intervals_axis = Gemiddelde verandering met het 95%-betrouwbaarheidsinterval; de stippellijn is geen verandering

evaluation-note-suppressed = Aantallen van 1 tot { $threshold } worden getoond als „minder dan { $threshold }”; „–” staat voor een cijfer dat is verborgen zodat een ander verborgen cijfer niet kan worden uitgerekend.

evaluation-note-statistics_withheld = „–” in plaats van statistieken: die worden alleen getoond als ten minste { $min } respondenten beide keren antwoordden (en, voor een deel van een programma, ook ten minste { $min } of niemand buiten dat deel).

evaluation-evidence-reached = Bewijs tot en met Barr-niveau { $level }

evaluation-evidence-none = Nog geen bewijsniveau bereikt: geen vraag heeft genoeg antwoorden.

evaluation-rule-scheme = Aantallen onder { $threshold } worden getoond als „minder dan { $threshold }”; deze cijfers gelden voor het hele samenwerkingsverband en zijn exact. Statistieken vragen ten minste { $min } respondenten.

evaluation-rule-below = Aantallen onder { $threshold } worden getoond als „minder dan { $threshold }”, andere aantallen worden afgerond op het dichtstbijzijnde veelvoud van { $rounding }, en statistieken vragen ten minste { $min } respondenten.

evaluation-rule-reason = Het samenwerkingsverband heeft de gebruikelijke regel om deze reden aangepast: { $reason }

evaluation-section-participation = Deelname en afronding

evaluation-section-responses = Respons

evaluation-section-outcomes = Resultaten voor en na

evaluation-section-cohorts = Cohort tegenover cohort

evaluation-table-participation = Deelname per organisatie

evaluation-table-response_rates = Respons per meetmoment

evaluation-table-response_rates_by_organisation = Respons per organisatie

evaluation-table-outcomes = Resultaten voor en na, per schaal

evaluation-table-cohorts = Scores aan het einde: de gekozen instroom tegenover de vergelijkingsinstroom

evaluation-wave-baseline = Nulmeting

evaluation-wave-end = Einde

evaluation-wave-follow_up = Nameting

evaluation-wave-session = Feedback op sessies

evaluation-comparison-baseline_end = nulmeting tot einde

evaluation-comparison-baseline_follow_up = nulmeting tot nameting

evaluation-column-applications = Aanmeldingen

evaluation-column-approved = Goedgekeurd

evaluation-column-started = Gestart

evaluation-column-completed = Afgerond

evaluation-column-closed_early = Voortijdig beëindigd

evaluation-column-asked = Gevraagd

evaluation-column-answered = Beantwoord

evaluation-column-rate = Respons

evaluation-column-respondents = Respondenten

evaluation-column-mean_before = Gemiddelde voor

evaluation-column-mean_after = Gemiddelde na

evaluation-column-mean_diff = Gemiddelde verandering

evaluation-column-ci95 = 95%-betrouwbaarheidsinterval

evaluation-column-t = Gepaarde t

evaluation-column-p_t = p (t-toets)

evaluation-column-wilcoxon = Wilcoxon W

evaluation-column-p_wilcoxon = p (Wilcoxon)

evaluation-column-d_z = Cohens d_z

evaluation-column-d_z_ci95 = d_z 95%-interval

evaluation-column-g_av = Hedges' g_av

evaluation-column-rank_biserial = Rang-biseriële r

evaluation-column-rank_biserial_ci95 = r 95%-interval

evaluation-column-respondents_a = Respondenten (instroom)

evaluation-column-mean_a = Gemiddelde (instroom)

evaluation-column-respondents_b = Respondenten (vergelijking)

evaluation-column-mean_b = Gemiddelde (vergelijking)

evaluation-column-p_welch = p (Welch-t)

evaluation-column-p_mann_whitney = p (Mann-Whitney)

evaluation-column-hedges_g = Hedges' g

evaluation-column-hedges_g_ci95 = g 95%-interval

evaluation-filter-intake = Instroom

evaluation-filter-all_intakes = Alle instromen

evaluation-filter-organisation = Organisatie

evaluation-filter-all_organisations = Alle organisaties

evaluation-filter-compare = Vergelijken met instroom

evaluation-filter-compare_hint = Kies hierboven een instroom en hier een tweede om hun scores aan het einde te vergelijken.

evaluation-filter-no_comparison = Geen vergelijking

evaluation-filter-apply = Cijfers tonen

evaluation-report-evidence = Hoogste bewijsniveau

evaluation-report-rule = Hoe kleine aantallen worden beschermd

evaluation-report-statistics = Gemiddelde verandering is na min voor, voor mensen die beide keren antwoordden. Betrouwbaarheidsintervallen zijn 95%. p-waarden onder 0,001 worden getoond als „< 0,001”.

evaluation-home_link = Bekijk de evaluatiecijfers van uw programma's

evaluation-research_export = Geanonimiseerde export voor onderzoek (zip)

evaluation-research_export_hint = Antwoorden van mensen die toestemming gaven voor onderzoek, in elke export opnieuw genummerd, met een codeboek.

evaluation-section-sessions = Gehouden sessies tegenover de maxima

evaluation-table-sessions = Gehouden mentorsessies tegenover de maxima van het programma, per organisatie van de mentee

evaluation-note-sessions_mean_withheld = „–” in plaats van het gemiddelde: dat wordt alleen getoond bij ten minste { $min } relaties (en, voor een deel van de cijfers, ook ten minste { $min } of geen buiten dat deel).

evaluation-column-relationships = Gestarte relaties

evaluation-column-sessions_held = Gehouden sessies

evaluation-column-session_cap = Maximum aantal sessies

evaluation-column-minutes_cap = Maximum aantal minuten

evaluation-column-reached_cap = Maximum bereikt

evaluation-column-reached_cap_rate = Aandeel dat het maximum bereikte

evaluation-column-mean_sessions = Gemiddeld aantal sessies per relatie

evaluation-section-sets = Aanwezigheid bij intervisiegroepen

evaluation-table-set_attendance = Aanwezigheid bij bijeenkomsten van intervisiegroepen, per organisatie van het lid

evaluation-column-meetings_held = Gehouden bijeenkomsten

evaluation-column-expected = Verwachte aanwezigheden

evaluation-column-present = Aanwezig

evaluation-column-absent = Afwezig

evaluation-column-attendance_rate = Aanwezigheidspercentage

evaluation-section-goals = Voortgang van doelen

evaluation-table-goals = Doelen in de relaties, naar status en naar de organisatie van het lid dat ze stelde

evaluation-column-goals_not_started = Nog niet begonnen

evaluation-column-goals_under_way = Bezig

evaluation-column-goals_achieved = Bereikt

evaluation-column-goals = Doelen

evaluation-column-goals_achieved_rate = Aandeel bereikt

evaluation-section-projects = Verbeterprojecten (Barr-niveau 4a)

evaluation-table-projects = Verbeterprojecten van de duo's en hun uitkomstmaten, naar de organisatie van de clinicus in het duo

evaluation-column-projects = Projecten

evaluation-column-projects_measured = Met een uitkomstmaat

evaluation-column-measures = Uitkomstmaten

evaluation-column-measures_latest = Met een laatste waarde

evaluation-column-measures_closer = Dichter bij het doel

evaluation-column-measures_reached = Doel bereikt

evaluation-column-measures_closer_rate = Aandeel dichter bij het doel

evaluation-note-projects = Duo's noteren hun uitkomstmaten met eenheden („12 dagen”). Een maat wordt vergeleken als de beginwaarde, het doel en de laatste waarde elk met een getal beginnen; „dichter bij het doel” omvat maten die het doel bereikten. Projectuitkomsten laten veranderde werkwijzen in de organisatie zien (Barr-niveau 4a); of patiënten er baat bij hadden (4b), wordt er niet uit afgeleid.
