error-email_lookalike = The email address has a letter from another alphabet that looks like a Latin letter (such as a Cyrillic а). Type the address again using Latin letters.

import-bad_map = "{ $value }" is not Heading=field with a known field (given_name, family_name, full_name, family_name_prefix, email, organisation, job_title, profession, grade_system, grade, line_manager_email, language, employee_number or ignore)

import-column_n = Column { $n } (no heading)

import-council_grades_intro = Councils grade staff on their own scales. A grade that is not yet in a council's list is added to it when you import, and the check shows it as a warning.

import-council_grades_link = Grades of { $organisation }

import-council_grades_title = Council grades

import-email_lookalike = "{ $value }" has the letter “{ $letter }” from another alphabet, which looks like the Latin “{ $latin }”. Type the address again using Latin letters.

import-field-email = Email address

import-field-employee_number = Employee number (not stored)

import-field-family_name = Family name

import-field-family_name_prefix = Family name prefix (such as "van der")

import-field-full_name = Full name (split into given and family name)

import-field-given_name = Given name

import-field-grade = Grade

import-field-grade_system = Grade system

import-field-ignore = Ignore this column

import-field-job_title = Job title

import-field-language = Language

import-field-line_manager_email = Line manager's email address

import-field-organisation = Organisation

import-field-profession = Profession

import-mapping_hint = Check which field Tandem reads from each column. Change any that are wrong, then preview again. Choose "Ignore" for columns Tandem does not need.

import-mapping_intro = Extracts from ESR, AFAS and council HR systems can be uploaded as they are. After the upload, Tandem shows which field it reads from each column, and you can change it. A single full-name column is split into given and family names, keeping particles such as "van der" with the family name.

import-mapping_intro_title = Columns with other headings

import-mapping_mismatch = The choice of fields does not match the file's columns. Upload the file again.

import-mapping_problem_title = Choose a column for each required field

import-mapping_title = Columns in the file

import-missing_fields = No column is chosen for: { $columns }. The file's columns are: { $headings }.

import-new_local_grade = "{ $value }" is new to the grade list of { $organisation }. It will be added to the list when you import.

import-preview_with_mapping = Preview with this mapping

import-suggested = Suggested from the heading: { $field }

import-unknown_heading = The file has no column headed "{ $heading }". Its columns are: { $headings }.

import-warning = Warning

import-warnings_caption = Warnings by row (these do not stop the import)

local_grades-current = Grades in the list

local_grades-empty = The list is empty. Grades are added when people are imported, or you can add them here.

local_grades-hint = For example Grade G. People keep the grade they have if you remove it from the list.

local_grades-intro = This council grades its staff on its own scale. Imports add grades that are not in this list yet; you can correct or reorder the list here. The national local-authority grades (Scale 1 to SM3) are always accepted.

local_grades-label = Grades, one per line

local_grades-save = Save the grades

local_grades-title = Grades of { $organisation }
