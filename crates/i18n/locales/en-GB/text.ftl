error-email_unavailable = This email address cannot be used. Check it, or ask your coordinator

error-text-bidi = Remove the hidden characters that change the direction of the text

error-text-date_range = Enter a date between 1 1 1900 and 31 12 2100

error-text-time_invalid = Enter a time as hours and minutes, like 09:30

error-text-grade_gap_range = Enter a gap from 0 to 5
