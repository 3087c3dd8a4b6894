notices-account-confirm_email-action = Confirm your email address

notices-account-confirm_email-expiry =
    { $amount ->
        [one] The link works once and expires in { $amount } day.
       *[other] The link works once and expires in { $amount } days.
    }

notices-account-confirm_email-ignore = If you did not register with Tandem, you can ignore this email: nothing will happen.

notices-account-confirm_email-intro = You registered with Tandem, the mentoring and peer-learning scheme. Please confirm that this email address is yours.

notices-account-confirm_email-subject = Confirm your email address for Tandem

notices-account-greeting = Hello { $name },

notices-account-invitation-action = Set your password

notices-account-invitation-expiry =
    { $amount ->
        [one] The link works once and expires in { $amount } day.
       *[other] The link works once and expires in { $amount } days.
    }

notices-account-invitation-ignore = If you did not expect this email, you can ignore it.

notices-account-invitation-intro = You have been invited to sign in to Tandem, the mentoring and peer-learning scheme.

notices-account-invitation-subject = You are invited to Tandem

notices-account-reset-action = Set a new password

notices-account-reset-expiry =
    { $amount ->
        [one] The link works once and expires in { $amount } minute.
       *[other] The link works once and expires in { $amount } minutes.
    }

notices-account-reset-ignore = If you did not ask for this, you can ignore this email: your password has not changed.

notices-account-reset-intro = Someone asked to reset the password of your Tandem account.

notices-account-reset-subject = Reset your Tandem password

notices-account-sign_in_link-action = Sign in to Tandem

notices-account-sign_in_link-expiry =
    { $amount ->
        [one] The link works once and expires in { $amount } minute.
       *[other] The link works once and expires in { $amount } minutes.
    }

notices-account-sign_in_link-ignore = If you did not ask for this, you can ignore this email: nobody can sign in without the link.

notices-account-sign_in_link-intro = You asked for a link to sign in to Tandem without a password.

notices-account-sign_in_link-subject = Your sign-in link for Tandem
