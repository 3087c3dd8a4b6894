roles-person_title = Rollen van { $name }

roles-person_intro = Een rol bepaalt wat iemand mag zien en doen, en waar: in de hele regeling, in één organisatie of in één programma.

roles-held = Toegekende rollen

roles-role = Rol

roles-action = Actie

roles-revoke = Intrekken

roles-none_held = Geen rollen.

roles-grant_heading = Een rol toekennen

roles-choice = Toe te kennen rol

roles-choice_hint = Alleen de rollen die u mag toekennen staan in de lijst.

roles-grant = Rol toekennen

roles-scoped = { $role } ({ $scope })

roles-scheme_wide = { $role } (hele regeling)

roles-list_title = Rollen in de regeling

roles-list_intro = Iedereen met een rol in de regeling. Kies een naam om rollen toe te kennen of in te trekken.

roles-link = Rollen

roles-error-choose = Kies een rol om toe te kennen

roles-error-role_scope = Die rol kan niet in dat bereik worden gehouden

roles-error-last_administrator = Dit is de laatste beheerder van de regeling: ken de rol eerst aan iemand anders toe

roles-error-last_scheme_coordinator = Dit is de laatste coördinator van de regeling: ken de rol eerst aan iemand anders toe

home-title = Mijn Tandem

home-open_intakes = Instroommomenten waarvoor u zich kunt aanmelden

home-no_open_intakes = Er is op dit moment geen instroommoment voor u open. Uw coördinator laat het u weten zodra er een opengaat.

home-applications = Uw aanmeldingen

home-next-awaiting_manager = Volgende stap: uw leidinggevende is gevraagd tijd vrij te maken.

home-next-awaiting_coordinator = Volgende stap: de coördinator van uw organisatie beslist over uw aanmelding.

home-next-approved = Volgende stap: u doet mee aan de koppeling; u hoort het zodra een koppeling is gepubliceerd.

home-next-waiting_list = Volgende stap: u staat op de wachtlijst tot er een plaats vrijkomt.

home-next-nominated = Volgende stap: u bent voorgedragen. Vul de aanmelding aan of wijs de voordracht af bij uw voordrachten.

roles-overview_link = Wie welke rol heeft
