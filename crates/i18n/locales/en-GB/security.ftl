security-error-too_many =
    { $seconds ->
        [one] Too many attempts. Wait { $seconds } second and try again.
       *[other] Too many attempts. Wait { $seconds } seconds and try again.
    }

security-error-busy =
    { $seconds ->
        [one] The service is busy. Wait { $seconds } second and try again.
       *[other] The service is busy. Wait { $seconds } seconds and try again.
    }

security-error-token_name_too_long = Enter a name of at most { $max } characters

security-error-token_days = Enter a whole number of days from 1 to { $max }

security-notice-token_revoked = The API token has been revoked. It no longer works.

security-tokens-none = You have no API tokens.

security-tokens-new = Create an API token

security-tokens-created = Created

security-tokens-expires = Expires

security-tokens-expiry_pending = Not set yet (made before tokens expired)

security-tokens-last_used = Last used

security-tokens-never_used = Never

security-tokens-expired = Expired

security-tokens-revoke = Revoke

security-tokens-days = Days until it expires (optional)

security-tokens-days_hint = Leave empty for 90 days. At most 365 days.
