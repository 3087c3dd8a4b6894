error-settings-repeated = { $value } is given twice.

error-settings-unknown = { $value } is not one of the choices Tandem offers.

error-settings-choose_one = Choose at least one.

error-settings-threshold_range = Enter a whole number from { $min } to { $max }.

error-settings-country_in_use = { $value } cannot be taken off: organisations of the scheme are there.

error-setup-scheme_exists = This database is set up already: it holds the scheme { $name } with { $organisations } organisations and { $accounts } accounts. Nothing was changed.

error-setup-no_organisations = Add at least one organisation.

error-setup-unknown_kind = { $value } is not a kind of organisation Tandem knows (nhs_trust, local_authority, independent_provider, charity, dutch_care_organisation).

error-setup-country_not_in_scheme = { $value } is not one of the scheme's countries.

error-setup-duplicate_organisation = The same organisation is given in row { $row } already.

error-setup-code_invalid = The set-up code is not right, or has been used or has expired. Use the newest code the server printed when it started.

import-organisations-name_required = Enter the organisation's name.

import-organisations-duplicate = The same organisation is in row { $value } already.

import-organisations-unknown_kind = { $value } is not a kind of organisation Tandem knows (nhs_trust, local_authority, independent_provider, charity, dutch_care_organisation).

import-organisations-unknown_country = { $value } is not a country Tandem knows (GB, NL).

nav-settings = Settings

notice-set_up = The scheme is set up and you are signed in. Add programmes and people next.

error-setup-required = This Tandem has not been set up yet: an administrator sets it up first, on the set-up page or with `tandem init`.

setup-title = Set up Tandem

setup-intro = Nobody can sign in until a scheme is set up. Enter the set-up code the server printed when it started, describe the scheme and its first organisations, and create the administrator's account. You will be signed in as the administrator.

setup-label-setup_code = Set-up code

setup-hint-setup_code = Printed by the server when it started, in the line that starts with "Set up this Tandem at". It can be used once.

setup-section-scheme = The scheme

setup-label-scheme_name = Name of the scheme

setup-label-countries = Countries

setup-hint-countries = The countries the scheme's organisations are in.

setup-label-languages = Languages

setup-hint-languages = The languages the scheme works in. Everyone can switch language on every page.

setup-label-time_zone = Time zone

setup-zone-Europe__London = London (UK time)

setup-zone-Europe__Amsterdam = Amsterdam (Central European time)

setup-label-small_number_threshold = Smallest group shown in figures

setup-hint-small_number_threshold = Figures about fewer people than this are not shown, so nobody can be picked out. Enter a whole number from 3 to 100; 8 is usual, and below 8 you need to give a reason.

setup-label-self_registration = Staff may register themselves (recorded now, offered in a later version)

setup-section-organisations = First organisations

setup-hint-organisations = Add at least one. Leave the other rows empty if you do not need them; more organisations can be added later.

setup-organisation_n = Organisation { $n }

setup-label-organisation_name = Name of the organisation

setup-choose = Choose

setup-section-administrator = Administrator

setup-hint-administrator = The administrator looks after accounts, sign-in and these settings. That is you.

setup-hint-password = At least 10 characters.

setup-section-coordinator = Scheme coordinator (optional)

setup-hint-coordinator = The scheme coordinator runs programmes, intakes and matching. They are sent an invitation email. Leave these empty if you coordinate the scheme yourself.

setup-button = Set up the scheme

settings-title = Scheme settings

settings-intro = These settings apply to the whole scheme.

settings-read_only = Only an administrator can change these settings.

settings-yes = Yes

settings-no = No

settings-notices-heading = Email delivery

settings-notices-text = Emails that could not be delivered after every retry wait here, with the reason, until you try them again.

setup-label-suppression_rounding = Round counts to a multiple of

setup-hint-suppression_rounding = In evaluation figures for part of the scheme (a programme, an intake, an organisation), counts are rounded to a multiple of this number. Enter a whole number from 1 to 100; 5 is usual, 1 means no rounding.

setup-label-suppression_min_statistics = Fewest respondents for statistics

setup-hint-suppression_min_statistics = Means, tests and effect sizes are shown only when at least this many people answered. Enter a whole number from 1 to 100; 10 is usual.

setup-label-suppression_reason = Reason for a weaker rule

setup-hint-suppression_reason = Needed only if you choose a smallest group below 8, rounding below 5 or fewer than 10 respondents for statistics: say who decided and why (for example, your data protection officer's advice). It is shown with the figures.

error-settings-reason_needed = Give a reason for showing smaller numbers than the usual rule (a smallest group of 8, rounding to 5, 10 respondents for statistics).

error-settings-reason_too_long = Keep the reason to { $max } characters or fewer.
