signin-error-issuer_url = Vul het adres van de uitgever in, beginnend met https://

signin-error-sso_failed = Single sign-on is niet gelukt. U bent niet ingelogd.

signin-error-too_long = Dit is te lang

signin-link-button = Inloggen

signin-link-intro = Kies de knop om in te loggen. De link werkt maar één keer.

signin-link-invalid_body = De link is verlopen, al gebruikt of onvolledig. Er is niets veranderd. Vraag een nieuwe link aan of log in met uw wachtwoord.

signin-link-invalid_title = Deze inloglink kan niet worden gebruikt

signin-link-request_button = Link versturen

signin-link-request_intro = Vul het e-mailadres van uw Tandem-account in. U krijgt een link waarmee u één keer inlogt, zonder wachtwoord.

signin-link-request_link = Stuur mij een inloglink per e-mail

signin-link-request_title = Stuur mij een inloglink per e-mail

signin-link-sent_body = Als bij dit adres een account hoort, is er een inloglink naar u onderweg. De link werkt één keer en verloopt binnenkort.

signin-link-sent_title = Kijk in uw e-mail

signin-link-title = Inloggen met uw link

signin-other_ways = Andere manieren om in te loggen

signin-password_link = Inloggen met uw wachtwoord

signin-settings-back = Terug naar de inloginstellingen

signin-settings-caption = Organisaties en hun single sign-on

signin-settings-change = Wijzigen

signin-settings-client_id = Client-ID

signin-settings-client_secret = Clientgeheim

signin-settings-edit_title = Single sign-on voor { $organisation }

signin-settings-enabled = Medewerkers van deze organisatie mogen inloggen via single sign-on

signin-settings-intro = Met single sign-on loggen medewerkers van een organisatie in met het account van hun organisatie (OpenID Connect, bijvoorbeeld NHSmail of Microsoft Entra ID). Alleen iemand die bij die organisatie werkt en van wie het geverifieerde e-mailadres overeenkomt, wordt ingelogd. Inloggen met wachtwoord of een inloglink per e-mail blijft mogelijk.

signin-settings-issuer_hint = De uitgever (issuer) van de aanbieder voor de tenant van deze organisatie, bijvoorbeeld https://login.microsoftonline.com/uw-tenant-id/v2.0. Het discoverydocument moet op /.well-known/openid-configuration staan.

signin-settings-issuer_url = Adres van de uitgever

signin-settings-link = Inloginstellingen: single sign-on per organisatie

signin-settings-not_set = Niet ingesteld

signin-settings-off = Uit

signin-settings-on = Aan

signin-settings-organisation = Organisatie

signin-settings-redirect = Registreer dit terugstuuradres bij de aanbieder:

signin-settings-secret_hint_set = Er is een geheim ingesteld. Laat dit veld leeg om het te houden.

signin-settings-secret_hint_unset = U krijgt dit van de aanbieder wanneer Tandem daar wordt geregistreerd.

signin-settings-state = Single sign-on

signin-settings-title = Inloginstellingen

signin-sso-failed_body = U bent niet ingelogd. Probeer het opnieuw, of log in met uw wachtwoord of een inloglink per e-mail. Gebeurt dit vaker, neem dan contact op met de beheerder van uw programma.

signin-sso-failed_title = Single sign-on is niet gelukt

signin-sso-intro = Kies uw organisatie. U logt in op de inlogpagina van uw eigen organisatie en komt daarna hier terug.

signin-sso-none = Nog geen enkele organisatie biedt single sign-on aan. Log in met uw wachtwoord of een inloglink per e-mail.

signin-sso-start_link = Inloggen via uw organisatie

signin-sso-title = Inloggen via uw organisatie
