appraisal-kind-appraisal = Jaargesprek (appraisal)

appraisal-kind-functioneringsgesprek = Functioneringsgesprek

appraisal-kind-beoordelingsgesprek = Beoordelingsgesprek

appraisal-kind-none = Niet uit een functionerings- of beoordelingsgesprek

appraisal-field-kind = Gesprek waaruit dit doel voortkomt

appraisal-field-kind_hint = Komt dit doel voort uit een functionerings- of beoordelingsgesprek? Geef dan aan welk gesprek en wanneer. Aan het einde van de relatie kunt u uw leidinggevende dan een samenvatting van uw voortgang sturen.

appraisal-field-date = Datum van het gesprek

appraisal-field-date_hint = Bijvoorbeeld 2026-03-14. Niet in de toekomst.

appraisal-field-cited = Gesprek

appraisal-field-mentee = Naam

appraisal-cited = { $kind }, { $date }

appraisal-page-link = Samenvatting voor uw leidinggevende

appraisal-page-title = Samenvatting voor uw leidinggevende

appraisal-page-intro = Als de relatie is beëindigd, kunt u uw leidinggevende een korte samenvatting sturen van uw voortgang op de doelen die uit een functionerings- of beoordelingsgesprek voortkomen, voor uw volgende gesprek. Uw leidinggevende ziet alleen uw naam, die doelen (titel, soort gesprek en datum) en uw samenvatting: verder niets over de relatie.

appraisal-goals-caption = Uw doelen die naar een gesprek verwijzen

appraisal-goals-none = Geen van uw doelen in deze relatie verwijst naar een functionerings- of beoordelingsgesprek.

appraisal-manager_on_record = Uw leidinggevende volgens onze gegevens: { $name }

appraisal-unavailable-not_ended = U kunt een samenvatting delen zodra de relatie is beëindigd.

appraisal-unavailable-no_manager = Delen is niet mogelijk, omdat er geen leidinggevende van u bekend is. De coördinator van uw organisatie kan uw leidinggevende aan uw gegevens toevoegen.

appraisal-unavailable-no_goals = Delen is niet mogelijk, omdat geen van uw doelen in deze relatie naar een functionerings- of beoordelingsgesprek verwijst.

appraisal-summary-label = Uw samenvatting

appraisal-summary-hint = Maximaal 2.000 tekens. Uw leidinggevende ontvangt een e-mail met een link die de samenvatting één keer opent.

appraisal-share = Delen met mijn leidinggevende

appraisal-status-label = Status

appraisal-status-sent = Verstuurd

appraisal-status-opened = Geopend

appraisal-status-withdrawn = Ingetrokken

appraisal-status-sent_detail = Uw leidinggevende heeft de samenvatting nog niet geopend. U kunt haar intrekken zolang dat niet is gebeurd.

appraisal-status-opened_detail = Uw leidinggevende heeft de samenvatting geopend op { $date }.

appraisal-status-withdrawn_detail = U hebt de samenvatting ingetrokken op { $date }. U kunt een nieuwe samenvatting delen.

appraisal-status-expired = Link verlopen

appraisal-status-expired_detail = De link is op { $date } verlopen voordat uw leidinggevende hem opende. Trek deze samenvatting in om een nieuwe te delen met een nieuwe link.

appraisal-shared_text = Wat u hebt gedeeld

appraisal-withdraw = Samenvatting intrekken

appraisal-manager-title = Een samenvatting van mentoring die met u is gedeeld

appraisal-manager-open_intro = Een van uw medewerkers heeft met u een samenvatting gedeeld van de voortgang op doelen uit functionerings- of beoordelingsgesprekken, voor het volgende gesprek.

appraisal-manager-open_once = De link werkt één keer: nadat u de samenvatting hebt geopend, kan zij niet opnieuw worden geopend. Druk de pagina af of bewaar haar als u haar wilt houden.

appraisal-manager-open = Samenvatting openen

appraisal-manager-heading = Samenvatting van { $mentee }

appraisal-manager-intro = { $mentee } heeft deze samenvatting met u gedeeld voor het volgende gesprek. Meer wordt er niet met u gedeeld over de mentoring.

appraisal-manager-goals = Doelen uit functionerings- en beoordelingsgesprekken

appraisal-manager-summary = Samenvatting

appraisal-manager-used_now = Deze link is nu gebruikt. Druk deze pagina af of bewaar haar als u haar wilt houden.

error-appraisal-kind_required = Kies het soort gesprek, of maak de datum leeg.

error-appraisal-kind_unknown = Kies een van de aangeboden soorten gesprek.

error-appraisal-date_required = Vul de datum van het gesprek in, of kies geen gesprek.

error-appraisal-date_in_future = De datum van het gesprek kan niet in de toekomst liggen.

error-appraisal-summary_required = Schrijf uw samenvatting.

error-appraisal-no_cited_goals = Geen van uw doelen in deze relatie verwijst naar een functionerings- of beoordelingsgesprek; er is dus niets om voor uw leidinggevende samen te vatten.

error-appraisal-no_line_manager = Er is geen leidinggevende van u bekend; de samenvatting kan daarom niet worden verstuurd.

error-appraisal-already_shared = U hebt al een samenvatting van deze relatie gedeeld. Trek die eerst in om een nieuwe te delen.

error-appraisal-not_withdrawable = Uw leidinggevende heeft de samenvatting al geopend; u kunt haar niet meer intrekken.

error-appraisal-link_unknown = Deze link is onbekend. Controleer of u de hele link uit de e-mail hebt gekopieerd.

error-appraisal-link_expired = Deze link is verlopen. Vraag uw medewerker de samenvatting opnieuw te delen.

error-appraisal-link_used = Deze link is al gebruikt: de samenvatting is geopend en kan niet opnieuw worden geopend.

error-appraisal-link_withdrawn = Uw medewerker heeft deze samenvatting ingetrokken voordat zij werd geopend; zij kan niet meer worden gelezen.

notices-kind-appraisal-summary_shared = Een samenvatting van mentoring die met u is gedeeld

notices-appraisal-summary_shared-subject = { $mentee } heeft een samenvatting van mentoring met u gedeeld

notices-appraisal-summary_shared-body = { $mentee } heeft met u een samenvatting gedeeld van de voortgang op doelen uit functionerings- of beoordelingsgesprekken, voor het volgende gesprek.

notices-appraisal-summary_shared-link =
    De link werkt één keer en { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    } lang. Als u hem opent, ziet u de samenvatting; daarna kan zij niet opnieuw worden geopend.

notices-appraisal-summary_shared-ignore = Bent u niet de leidinggevende van deze medewerker? Dan kunt u deze e-mail negeren.

notices-appraisal-summary_shared-action = Samenvatting openen
