profession-nursing = Nursing

profession-midwifery = Midwifery

profession-medicine = Medicine

profession-allied_health = Allied health professions

profession-social_work = Social work

profession-care_work = Care work

profession-management = Management

profession-pharmacy = Pharmacy

profession-psychology = Psychology

profession-public_health = Public health

profession-chaplaincy = Chaplaincy

profession-dentistry = Dentistry

profession-paramedicine = Paramedics

profession-healthcare_science = Healthcare science

profession-administration = Administration

grade-afc = Band { $grade }

grade-local_authority_scale = Scale { $number }

grade-medical-specialty_doctor = Specialty doctor

grade-medical-specialist = Specialist

grade-medical-consultant = Consultant
