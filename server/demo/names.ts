/**
 * Word lists for the demo's people. A few names carry accents, apostrophes and particles on
 * purpose: identity matching and CSV quoting must cope with them.
 */

export const FIRST_NAMES = [
  'Aaliyah', 'Abdul', 'Ada', 'Adebayo', 'Aditi', 'Ahmed', 'Aiko', 'Alejandro', 'Alex', 'Alice',
  'Amara', 'Amir', 'Ana', 'Andrea', 'Anika', 'Arjun', 'Astrid', 'Ayşe', 'Beatriz', 'Ben',
  'Björn', 'Camille', 'Carlos', 'Chen', 'Chiara', 'Chloé', 'Chris', 'Daniel', 'Dara', 'David',
  'Deepa', 'Diego', 'Dmitri', 'Elena', 'Eli', 'Emeka', 'Emma', 'Erik', 'Fatima', 'Felix',
  'Finn', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hassan', 'Ines', 'Ingrid', 'Isabel', 'Ivan',
  'Jack', 'James', 'Javier', 'Jin', 'Joana', 'Jonas', 'José', 'Julia', 'Jürgen', 'Kai',
  'Kamal', 'Karin', 'Kenji', 'Kofi', 'Lars', 'Laura', 'Lea', 'Leila', 'Liam', 'Lin',
  'Lucas', 'Lucía', 'Łukasz', 'Maya', 'Marco', 'Margarida', 'Maria', 'Mateo', 'Mei', 'Mia',
  'Miguel', 'Mohammed', 'Nadia', 'Naomi', 'Nia', 'Nikhil', 'Noah', 'Nora', 'Olga', 'Omar',
  'Oscar', 'Pablo', 'Paula', 'Pedro', 'Priya', 'Rafael', 'Rahul', 'Renée', 'Rosa', 'Ruth',
  'Sam', 'Sara', 'Sean', 'Siddharth', 'Sofia', 'Søren', 'Sunita', 'Tariq', 'Tess', 'Theo',
  'Tomás', 'Valentina', 'Vikram', 'Wei', 'Yara', 'Yusuf', 'Zainab', 'Zoë', 'Zora', 'Iñaki',
];

export const LAST_NAMES = [
  'Abara', 'Adeyemi', 'Ahmed', 'Alves', 'Andersen', 'Bakker', 'Banerjee', 'Becker', 'Bianchi',
  'Brown', 'Carvalho', 'Castro', 'Chatterjee', 'Chen', 'Costa', 'Da Silva', 'de Vries',
  'Dimitrov', 'Dubois', 'Eriksson', 'Fernandes', 'Fischer', 'Fontaine', 'García', 'Gomez',
  'Gonçalves', 'Greene', 'Gupta', 'Haddad', 'Hansen', 'Hashemi', 'Hoffmann', 'Hughes', 'Ibrahim',
  'Iyer', 'Jansen', 'Jensen', 'Johansson', 'Kaur', 'Kelly', 'Khan', 'Kim', 'Kowalski', 'Kumar',
  'Larsen', 'Laurent', 'Lee', 'Lindqvist', 'Lopes', 'López', 'Martin', 'Mendes', 'Mensah',
  'Meyer', 'Moreau', 'Müller', 'Murphy', 'Nakamura', 'Nascimento', 'Nguyen', 'Nielsen', 'Novak',
  'Núñez', 'Nowak', "O'Brien", "O'Connor", 'Okafor', 'Oliveira', 'Osei', 'Park', 'Patel',
  'Pereira', 'Petrov', 'Quinn', 'Rahman', 'Ramos', 'Rao', 'Reddy', 'Reyes', 'Ribeiro', 'Rossi',
  'Russo', 'Saito', 'Santos', 'Schmidt', 'Schneider', 'Sharma', 'Silva', 'Singh', 'Smith',
  'Sousa', 'Suzuki', 'Svensson', 'Tanaka', 'Taylor', 'Thomas', 'Tran', 'Van den Berg', 'Varga',
  'Walsh', 'Wang', 'Weber', 'Wilson', 'Wiśniewski', 'Wong', 'Yamamoto', 'Yilmaz', 'Zhang',
  'Zimmermann', 'Øverland',
];

export interface Location {
  /** As written in the org chart. */
  name: string;
  tz: string;
  tzLabel: string;
  /** Seconds east of UTC during the demo's summer. */
  utcOffset: number;
}

export const LOCATIONS: Record<string, Location> = {
  london: { name: 'London, UK', tz: 'Europe/London', tzLabel: 'British Summer Time', utcOffset: 3600 },
  berlin: { name: 'Berlin, Germany', tz: 'Europe/Berlin', tzLabel: 'Central European Summer Time', utcOffset: 7200 },
  lisbon: { name: 'Lisbon, Portugal', tz: 'Europe/Lisbon', tzLabel: 'Western European Summer Time', utcOffset: 3600 },
  amsterdam: { name: 'Amsterdam, Netherlands', tz: 'Europe/Amsterdam', tzLabel: 'Central European Summer Time', utcOffset: 7200 },
  warsaw: { name: 'Warsaw, Poland', tz: 'Europe/Warsaw', tzLabel: 'Central European Summer Time', utcOffset: 7200 },
  newYork: { name: 'New York, USA', tz: 'America/New_York', tzLabel: 'Eastern Daylight Time', utcOffset: -14400 },
  toronto: { name: 'Toronto, Canada', tz: 'America/Toronto', tzLabel: 'Eastern Daylight Time', utcOffset: -14400 },
  saoPaulo: { name: 'São Paulo, Brazil', tz: 'America/Sao_Paulo', tzLabel: 'Brasilia Standard Time', utcOffset: -10800 },
  bangalore: { name: 'Bangalore, India', tz: 'Asia/Kolkata', tzLabel: 'India Standard Time', utcOffset: 19800 },
  remote: { name: 'Remote', tz: 'Europe/London', tzLabel: 'British Summer Time', utcOffset: 3600 },
};

/** ASCII form of a name for e-mail addresses and Slack handles: "Søren Øverland" -> "soren", "overland". */
export function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** What Slack puts in `real_name_normalized`: accents dropped, letters kept. */
export function normalizedName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O');
}
