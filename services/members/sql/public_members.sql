-- Every member as other services may read it for a rebuild: when they joined and their
-- home city (nothing that identifies them). Live joins come as 'members.joined' messages.
CREATE OR REPLACE VIEW members.public_members AS
SELECT m.id, m.joined_at, m.home_city
FROM members.members m;
