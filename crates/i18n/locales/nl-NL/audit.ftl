audit-title = Auditlog

audit-intro = Wie wat deed en wanneer, nieuwste eerst. Regels bevatten alleen id's en codes en kunnen nooit worden gewijzigd: `tandem audit verify` controleert dat dit niet is gebeurd.

audit-filter_label = Filter het auditlog

audit-action = Handeling

audit-action_hint = Een handelingscode, bijvoorbeeld person.update

audit-actor = Door

audit-actor_hint = De id van een persoon

audit-subject = Onderwerp

audit-subject_hint = De id of code waarop de handeling betrekking had

audit-from = Vanaf

audit-to = Tot en met

audit-apply = Regels tonen

audit-clear = Filters wissen

audit-at = Wanneer (UTC)

audit-detail = Details

audit-no_actor = Systeem

audit-none = Geen regels gevonden.

audit-pagination = Pagina's van het auditlog

audit-newest = Nieuwste regels

audit-older = Oudere regels

audit-nav = Auditlog

audit-error-filter_too_long = Vul maximaal 200 tekens in

audit-error-dates_reversed = De einddatum mag niet voor de begindatum liggen
