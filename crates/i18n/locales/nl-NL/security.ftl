security-error-too_many =
    { $seconds ->
        [one] Te veel pogingen. Wacht { $seconds } seconde en probeer het opnieuw.
       *[other] Te veel pogingen. Wacht { $seconds } seconden en probeer het opnieuw.
    }

security-error-busy =
    { $seconds ->
        [one] De dienst is druk. Wacht { $seconds } seconde en probeer het opnieuw.
       *[other] De dienst is druk. Wacht { $seconds } seconden en probeer het opnieuw.
    }

security-error-token_name_too_long = Vul een naam in van hoogstens { $max } tekens

security-error-token_days = Vul een heel aantal dagen in van 1 tot en met { $max }

security-notice-token_revoked = Het API-token is ingetrokken. Het werkt niet meer.

security-tokens-none = U hebt geen API-tokens.

security-tokens-new = Een API-token maken

security-tokens-created = Gemaakt

security-tokens-expires = Verloopt

security-tokens-expiry_pending = Nog niet ingesteld (gemaakt voordat tokens verliepen)

security-tokens-last_used = Laatst gebruikt

security-tokens-never_used = Nooit

security-tokens-expired = Verlopen

security-tokens-revoke = Intrekken

security-tokens-days = Dagen tot het verloopt (niet verplicht)

security-tokens-days_hint = Laat leeg voor 90 dagen. Hoogstens 365 dagen.
