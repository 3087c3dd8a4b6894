profession-nursing = Verpleegkunde

profession-midwifery = Verloskunde

profession-medicine = Geneeskunde

profession-allied_health = Paramedische beroepen

profession-social_work = Maatschappelijk werk

profession-care_work = Verzorging

profession-management = Management

profession-pharmacy = Farmacie

profession-psychology = Psychologie

profession-public_health = Publieke gezondheid

profession-chaplaincy = Geestelijke verzorging

profession-dentistry = Tandheelkunde

profession-paramedicine = Ambulancezorg

profession-healthcare_science = Klinische technologie

profession-administration = Administratie

grade-afc = AfC-band { $grade }

grade-local_authority_scale = Schaal { $number }

grade-medical-specialty_doctor = Specialty doctor (SAS-arts)

grade-medical-specialist = Specialist (SAS-arts)

grade-medical-consultant = Consultant (medisch specialist)
