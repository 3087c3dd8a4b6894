signin-error-issuer_url = Enter the issuer's address, starting with https://

signin-error-sso_failed = Single sign-on did not work. You have not been signed in.

signin-error-too_long = This is too long

signin-link-button = Sign in

signin-link-intro = Select the button to sign in. The link works only once.

signin-link-invalid_body = It has expired, has already been used or is incomplete. Nothing has changed. Ask for a new link, or sign in with your password.

signin-link-invalid_title = This sign-in link cannot be used

signin-link-request_button = Send the link

signin-link-request_intro = Enter the email address of your Tandem account. We will send you a link that signs you in once, without a password.

signin-link-request_link = Email me a sign-in link

signin-link-request_title = Email me a sign-in link

signin-link-sent_body = If the address has an account, a sign-in link is on its way. It works once and expires soon.

signin-link-sent_title = Check your email

signin-link-title = Sign in with your link

signin-other_ways = Other ways to sign in

signin-password_link = Sign in with your password

signin-settings-back = Back to sign-in settings

signin-settings-caption = Organisations and their single sign-on

signin-settings-change = Change

signin-settings-client_id = Client ID

signin-settings-client_secret = Client secret

signin-settings-edit_title = Single sign-on for { $organisation }

signin-settings-enabled = Staff of this organisation may sign in with single sign-on

signin-settings-intro = Single sign-on lets the staff of an organisation sign in with their organisation's account (OpenID Connect, for example NHSmail or Microsoft Entra ID). Only a person employed by that organisation whose verified email matches is signed in. Password and emailed-link sign-in stay available.

signin-settings-issuer_hint = The provider's issuer for this organisation's tenant, for example https://login.microsoftonline.com/your-tenant-id/v2.0. Its discovery document must be at /.well-known/openid-configuration.

signin-settings-issuer_url = Issuer address

signin-settings-link = Sign-in settings: single sign-on per organisation

signin-settings-not_set = Not set up

signin-settings-off = Off

signin-settings-on = On

signin-settings-organisation = Organisation

signin-settings-redirect = Register this redirect address with the provider:

signin-settings-secret_hint_set = A secret is set. Leave this empty to keep it.

signin-settings-secret_hint_unset = Given by the provider when Tandem was registered with it.

signin-settings-state = Single sign-on

signin-settings-title = Sign-in settings

signin-sso-failed_body = You have not been signed in. Try again, or sign in with your password or an emailed link. If this keeps happening, contact your scheme's administrator.

signin-sso-failed_title = Single sign-on did not work

signin-sso-intro = Choose your organisation. You will sign in on your organisation's own sign-in page and then come back here.

signin-sso-none = No organisation offers single sign-on yet. Sign in with your password or an emailed link.

signin-sso-start_link = Sign in with your organisation

signin-sso-title = Sign in with your organisation
