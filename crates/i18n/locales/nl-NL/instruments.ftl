instruments-has_scores = Bevat scores en kan daarom niet worden verwijderd. Scores worden verwijderd door de bewaarregel voor assessmentscores.

instruments-delete = Instrument verwijderen

instruments-new-title = Een instrument toevoegen

instruments-new-save = Instrument toevoegen

instruments-field-name = Naam

instruments-field-name_hint = Zoals het scorebestand het noemt, bijvoorbeeld Insights Discovery. Elke naam één keer per programma.

instruments-field-score_min = Laagste score

instruments-field-score_max = Hoogste score

instruments-field-range_hint = Hele getallen; de laagste moet lager zijn dan de hoogste.

instruments-field-dimensions = Dimensies

instruments-field-dimensions_hint = Eén per regel, als „code: label” (bijvoorbeeld „drive: Gedrevenheid”) of alleen een label. De code is hoe het scorebestand de dimensie noemt.

instruments-notice-created = Het instrument is toegevoegd.

instruments-notice-deleted = Het instrument is verwijderd.

instruments-error-has_scores = Dit instrument bevat scores en kan daarom niet worden verwijderd

instruments-retention-rule-assessment_scores = Assessmentscores, { $months } maanden nadat de laatste aanmelding of relatie van de persoon in het programma is geëindigd: verwijderd

instruments-retention-rule-appraisal_links = Links van leidinggevenden naar een samenvatting voor het functioneringsgesprek, { $days } dagen nadat ze verlopen, geopend of ingetrokken zijn: de link wordt niet meer herkend (de mentee ziet nog wat er gebeurd is)

instruments-retention-field-score_months = Aantal maanden dat assessmentscores bewaard blijven nadat iemands deelname aan een programma is geëindigd

instruments-retention-field-months_hint = Tussen 1 en 120 maanden.

instruments-retention-field-link_days = Aantal dagen dat een gebruikte of verlopen link naar een samenvatting bewaard blijft

instruments-retention-error-months = Vul een aantal maanden in tussen 1 en 120.
