"""The experience loop: journey events, feedback invitations and answers, NPS and CSAT."""
