error-email_unavailable = Dit e-mailadres kan niet worden gebruikt. Controleer het, of vraag het uw coördinator

error-text-bidi = Verwijder de onzichtbare tekens die de schrijfrichting van de tekst veranderen

error-text-date_range = Vul een datum in tussen 1 1 1900 en 31 12 2100

error-text-time_invalid = Vul een tijd in als uren en minuten, zoals 09:30

error-text-grade_gap_range = Vul een verschil in van 0 tot 5
