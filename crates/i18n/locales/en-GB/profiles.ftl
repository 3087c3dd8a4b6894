profiles-title = Your profile

profiles-intro = What you tell other people in the scheme about yourself: what you can offer, what you want to learn, how and when you can meet, and how to reach you. When you apply to an intake, your profile fills in the matching questions for you.

profiles-empty = You have not filled in your profile yet.

profiles-email = Email address

profiles-email_kind-work = Work address

profiles-email_kind-personal = Personal address

profiles-phones = Your phone numbers

profiles-phone-mobile = Mobile

profiles-phone-work = Work phone

profiles-who-title = Who can see what

profiles-who-caption = Who can see each part of your profile

profiles-who-part = Part of your profile

profiles-who-seen_by = Who can see it

profiles-who-summary-part = Expertise, interests, languages and introduction

profiles-who-summary-seen_by = You; your mentor, mentee, partner or set members while your relationship runs; the scheme's coordinators and your organisation's coordinators; and everyone in the scheme if you list yourself in the directory

profiles-who-details-part = Availability, ways of meeting and location

profiles-who-details-seen_by = You; your mentor, mentee, partner or set members while your relationship runs; the scheme's coordinators and your organisation's coordinators

profiles-who-contact-part = Phone numbers and how you prefer to be contacted

profiles-who-contact-seen_by = Only you, and your mentor, mentee, partner or set members while your relationship runs. Coordinators never see them.

profiles-who-directory = Listing yourself in the directory is your choice.

profiles-who-directory_link = Your directory listing

profiles-section-offer = What you offer and want to learn

profiles-section-about = About you

profiles-section-meeting = When and how you can meet

profiles-section-contact = How to reach you

profiles-field-expertise = Areas of expertise

profiles-field-expertise_hint = What you can offer others. Select all that apply.

profiles-field-expertise_topics = Topics you know well (optional)

profiles-field-topics_hint = A few words, for example: rotas, quality improvement, leading a ward.

profiles-field-interests = Topics of interest

profiles-field-interests_hint = What you want to develop. Select all that apply.

profiles-field-interest_topics = Topics you want to learn about (optional)

profiles-field-languages = Languages you speak

profiles-field-location = Location (optional)

profiles-field-location_hint = Your town or region, for meeting in person. For example: Leeds.

profiles-field-introduction = Introduction (optional)

profiles-field-introduction_hint = A few sentences about yourself and your work, up to 1000 characters.

profiles-field-availability = When you can usually meet

profiles-field-availability_hint = Select all that apply.

profiles-field-modes = Ways of meeting you prefer

profiles-field-mobile_phone = Mobile phone number (optional)

profiles-field-work_phone = Work phone number (optional)

profiles-field-phone_hint = Digits, spaces, + and brackets only. For example: 07700 900123 or +44 7700 900123.

profiles-field-preferred_phone = Which number should people call?

profiles-field-preferred_phone_hint = Used for telephone sessions when the other member calls you.

profiles-field-contact_route = How do you prefer to be contacted?

profiles-contact_private = Only you and the people in your running mentoring relationships, pairs or sets see your phone numbers.

profiles-save = Save profile

profiles-route-email = Email

profiles-route-phone = Phone call

profiles-route-text = Text message

profiles-person-heading = Profile

profiles-person-edit = Edit your profile

profiles-person-none = No profile yet.

profiles-account_link = Edit your profile

profiles-call-number = Number to call:

profiles-call-yours = (your number)

profiles-call-none_mine = This is a telephone session and you are the one to be called, but your profile has no phone number.

profiles-call-add_link = Add a phone number to your profile

profiles-call-none_theirs = This is a telephone session and { $name } is the one to be called, but has not added a phone number to their profile yet.

profiles-call-switch = Call { $name }'s number instead

profiles-call-switch_to_mine = Call my number instead

error-profiles-too_long = Enter at most { $max } characters

error-profiles-control_characters = Remove the hidden control characters

error-profiles-unknown_language = Choose languages from the list

error-profiles-too_many_languages = Choose at most { $max } languages

error-profiles-phone_invalid = Enter a phone number using digits, spaces, + and brackets, like 07700 900123

error-profiles-route_needs_phone = Add a phone number to be contacted by phone

error-profiles-route_needs_mobile = Add a mobile number to be contacted by text message

error-profiles-call_member_invalid = Choose a member of this relationship

error-profiles-unknown_choice = Choose from the options shown

profiles-language-en = English

profiles-language-cy = Welsh

profiles-language-nl = Dutch

profiles-language-fy = Frisian

profiles-language-pl = Polish

profiles-language-ro = Romanian

profiles-language-pt = Portuguese

profiles-language-es = Spanish

profiles-language-it = Italian

profiles-language-fr = French

profiles-language-de = German

profiles-language-tr = Turkish

profiles-language-ar = Arabic

profiles-language-ur = Urdu

profiles-language-pa = Punjabi

profiles-language-bn = Bengali

profiles-language-gu = Gujarati

profiles-language-hi = Hindi

profiles-language-ta = Tamil

profiles-language-ml = Malayalam

profiles-language-tl = Tagalog (Filipino)

profiles-language-yo = Yoruba

profiles-language-tw = Twi

profiles-language-so = Somali

profiles-language-zh = Chinese

profiles-language-pap = Papiamento

profiles-language-bfi = British Sign Language

profiles-language-dse = Sign Language of the Netherlands

nav-profile = Your profile
