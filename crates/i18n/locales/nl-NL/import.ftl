error-email_lookalike = Het e-mailadres bevat een letter uit een ander alfabet die op een Latijnse letter lijkt (zoals een Cyrillische а). Typ het adres opnieuw met Latijnse letters.

import-bad_map = "{ $value }" is niet Kop=veld met een bekend veld (given_name, family_name, full_name, family_name_prefix, email, organisation, job_title, profession, grade_system, grade, line_manager_email, language, employee_number of ignore)

import-column_n = Kolom { $n } (zonder kop)

import-council_grades_intro = Gemeenten hebben hun eigen salarisschalen. Een schaal die nog niet in de lijst van een gemeente staat, wordt bij het importeren toegevoegd; de controle toont dit als waarschuwing.

import-council_grades_link = Schalen van { $organisation }

import-council_grades_title = Schalen van gemeenten

import-email_lookalike = "{ $value }" bevat de letter “{ $letter }” uit een ander alfabet, die lijkt op de Latijnse “{ $latin }”. Typ het adres opnieuw met Latijnse letters.

import-field-email = E-mailadres

import-field-employee_number = Personeelsnummer (wordt niet bewaard)

import-field-family_name = Achternaam

import-field-family_name_prefix = Voorvoegsel (zoals "van der")

import-field-full_name = Volledige naam (gesplitst in voornaam en achternaam)

import-field-given_name = Voornaam

import-field-grade = Schaal

import-field-grade_system = Salarisstelsel

import-field-ignore = Negeren

import-field-job_title = Functie

import-field-language = Taal

import-field-line_manager_email = E-mailadres van de leidinggevende

import-field-organisation = Organisatie

import-field-profession = Beroep

import-mapping_hint = Controleer welk veld Tandem uit elke kolom leest. Wijzig wat niet klopt en bekijk het voorbeeld opnieuw. Kies "Negeren" voor kolommen die Tandem niet nodig heeft.

import-mapping_intro = Exports uit ESR, AFAS en hr-systemen van gemeenten kunt u uploaden zoals ze zijn. Na het uploaden ziet u welk veld Tandem uit elke kolom leest, en kunt u dat wijzigen. Een kolom met de volledige naam wordt gesplitst in voornaam en achternaam; voorvoegsels zoals "van der" horen bij de achternaam.

import-mapping_intro_title = Kolommen met andere koppen

import-mapping_mismatch = De gekozen velden passen niet bij de kolommen van het bestand. Upload het bestand opnieuw.

import-mapping_problem_title = Kies een kolom voor elk verplicht veld

import-mapping_title = Kolommen in het bestand

import-missing_fields = Er is geen kolom gekozen voor: { $columns }. De kolommen van het bestand zijn: { $headings }.

import-new_local_grade = "{ $value }" staat nog niet in de lijst met schalen van { $organisation }. Deze wordt aan de lijst toegevoegd wanneer u importeert.

import-preview_with_mapping = Voorbeeld met deze indeling

import-suggested = Voorgesteld op basis van de kop: { $field }

import-unknown_heading = Het bestand heeft geen kolom met de kop "{ $heading }". De kolommen zijn: { $headings }.

import-warning = Waarschuwing

import-warnings_caption = Waarschuwingen per rij (deze houden het importeren niet tegen)

local_grades-current = Schalen in de lijst

local_grades-empty = De lijst is leeg. Schalen worden toegevoegd wanneer u mensen importeert, of u kunt ze hier toevoegen.

local_grades-hint = Bijvoorbeeld Grade G. Als u een schaal uit de lijst haalt, houden mensen hun schaal.

local_grades-intro = Deze gemeente heeft een eigen salarisschaal. Bij het importeren worden schalen toegevoegd die nog niet in deze lijst staan; hier kunt u de lijst corrigeren of de volgorde wijzigen. De landelijke schalen voor gemeenten (Scale 1 tot SM3) worden altijd geaccepteerd.

local_grades-label = Schalen, één per regel

local_grades-save = Schalen opslaan

local_grades-title = Schalen van { $organisation }
