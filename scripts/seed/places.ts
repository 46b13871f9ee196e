/**
 * Word lists for the demo city: Berlin neighbourhoods (approximate centres and a typical postal
 * code), towns around it for scaled-up runs, street names, and people's names.
 */

export interface Place {
  name: string;
  city: string;
  postalCode: string;
  lat: number;
  lng: number;
}

const berlin = (name: string, postalCode: string, lat: number, lng: number): Place => ({ name, city: 'Berlin', postalCode, lat, lng });
const town = (name: string, postalCode: string, lat: number, lng: number): Place => ({ name, city: name, postalCode, lat, lng });

export const CITY_CENTRE = { lat: 52.52, lng: 13.405 } as const;

/** Stores and addresses take the name and postal code of the nearest entry. */
export const PLACES: readonly Place[] = [
  berlin('Mitte', '10117', 52.52, 13.405),
  berlin('Tiergarten', '10785', 52.514, 13.35),
  berlin('Moabit', '10551', 52.53, 13.342),
  berlin('Wedding', '13353', 52.55, 13.366),
  berlin('Gesundbrunnen', '13357', 52.55, 13.39),
  berlin('Prenzlauer Berg', '10437', 52.539, 13.424),
  berlin('Friedrichshain', '10245', 52.515, 13.454),
  berlin('Kreuzberg', '10961', 52.499, 13.403),
  berlin('Neukölln', '12043', 52.481, 13.435),
  berlin('Schöneberg', '10827', 52.482, 13.356),
  berlin('Tempelhof', '12099', 52.466, 13.385),
  berlin('Charlottenburg', '10585', 52.516, 13.304),
  berlin('Wilmersdorf', '10713', 52.487, 13.321),
  berlin('Westend', '14050', 52.517, 13.26),
  berlin('Halensee', '10711', 52.496, 13.295),
  berlin('Friedenau', '12159', 52.471, 13.33),
  berlin('Steglitz', '12163', 52.457, 13.32),
  berlin('Lichterfelde', '12205', 52.432, 13.307),
  berlin('Dahlem', '14195', 52.457, 13.288),
  berlin('Grunewald', '14193', 52.483, 13.26),
  berlin('Zehlendorf', '14163', 52.434, 13.259),
  berlin('Mariendorf', '12105', 52.437, 13.387),
  berlin('Britz', '12347', 52.445, 13.433),
  berlin('Buckow', '12349', 52.418, 13.437),
  berlin('Rudow', '12355', 52.416, 13.495),
  berlin('Alt-Treptow', '12435', 52.489, 13.466),
  berlin('Plänterwald', '12437', 52.48, 13.478),
  berlin('Baumschulenweg', '12437', 52.465, 13.487),
  berlin('Johannisthal', '12487', 52.446, 13.506),
  berlin('Adlershof', '12489', 52.435, 13.545),
  berlin('Oberschöneweide', '12459', 52.461, 13.521),
  berlin('Karlshorst', '10318', 52.481, 13.526),
  berlin('Rummelsburg', '10317', 52.497, 13.493),
  berlin('Lichtenberg', '10365', 52.513, 13.499),
  berlin('Friedrichsfelde', '10315', 52.506, 13.514),
  berlin('Fennpfuhl', '10367', 52.529, 13.476),
  berlin('Hohenschönhausen', '13055', 52.545, 13.5),
  berlin('Weißensee', '13086', 52.554, 13.466),
  berlin('Heinersdorf', '13089', 52.57, 13.44),
  berlin('Pankow', '13187', 52.569, 13.401),
  berlin('Niederschönhausen', '13156', 52.585, 13.4),
  berlin('Reinickendorf', '13409', 52.575, 13.35),
  berlin('Tegel', '13507', 52.589, 13.284),
  berlin('Wittenau', '13437', 52.596, 13.328),
  berlin('Siemensstadt', '13629', 52.538, 13.26),
  berlin('Spandau', '13597', 52.535, 13.2),
  berlin('Marzahn', '12679', 52.545, 13.565),
  berlin('Biesdorf', '12683', 52.507, 13.555),
  berlin('Köpenick', '12555', 52.445, 13.575),
  town('Potsdam', '14467', 52.391, 13.065),
  town('Teltow', '14513', 52.402, 13.27),
  town('Falkensee', '14612', 52.56, 13.08),
  town('Hennigsdorf', '16761', 52.637, 13.204),
  town('Oranienburg', '16515', 52.754, 13.237),
  town('Bernau', '16321', 52.679, 13.587),
  town('Strausberg', '15344', 52.579, 13.883),
  town('Erkner', '15537', 52.42, 13.752),
  town('Königs Wusterhausen', '15711', 52.301, 13.631),
  town('Ludwigsfelde', '14974', 52.303, 13.259),
  town('Zossen', '15806', 52.216, 13.449),
  town('Nauen', '14641', 52.605, 12.877),
  town('Eberswalde', '16225', 52.833, 13.82),
  town('Fürstenwalde', '15517', 52.361, 14.061),
  town('Brandenburg an der Havel', '14770', 52.412, 12.532),
  town('Frankfurt (Oder)', '15230', 52.347, 14.551),
];

export const STREETS: readonly string[] = [
  'Torstraße', 'Kastanienallee', 'Schönhauser Allee', 'Oranienstraße', 'Bergmannstraße', 'Karl-Marx-Straße',
  'Sonnenallee', 'Warschauer Straße', 'Frankfurter Allee', 'Kantstraße', 'Hauptstraße', 'Müllerstraße',
  'Turmstraße', 'Hermannstraße', 'Boxhagener Straße', 'Kollwitzstraße', 'Danziger Straße', 'Greifswalder Straße',
  'Prenzlauer Allee', 'Invalidenstraße', 'Friedrichstraße', 'Yorckstraße', 'Gneisenaustraße', 'Potsdamer Straße',
  'Schloßstraße', 'Bundesallee', 'Wilmersdorfer Straße', 'Seestraße', 'Badstraße', 'Brunnenstraße', 'Alt-Moabit',
  'Leipziger Straße', 'Skalitzer Straße', 'Kottbusser Damm', 'Weserstraße', 'Pannierstraße', 'Simon-Dach-Straße',
  'Grünberger Straße', 'Stargarder Straße', 'Lychener Straße', 'Bornholmer Straße', 'Berliner Straße',
  'Dorfstraße', 'Lindenstraße', 'Gartenstraße', 'Bahnhofstraße', 'Parkstraße', 'Schulstraße', 'Kirchstraße',
  'Goethestraße', 'Schillerstraße', 'Rosenthaler Straße', 'Kurfürstenstraße', 'Uhlandstraße', 'Pestalozzistraße',
];

export const FIRST_NAMES: readonly string[] = [
  'Anna', 'Ben', 'Clara', 'David', 'Elif', 'Felix', 'Greta', 'Hannah', 'Ibrahim', 'Jonas', 'Katharina', 'Leon',
  'Lena', 'Mehmet', 'Mia', 'Noah', 'Olga', 'Paul', 'Rania', 'Sophie', 'Tobias', 'Ulrike', 'Valentina', 'Wei',
  'Yusuf', 'Zeynep', 'Amelie', 'Bastian', 'Chiara', 'Dmitri', 'Emma', 'Finn', 'Hugo', 'Ines', 'Jakob', 'Kemal',
  'Laura', 'Maximilian', 'Nele', 'Oskar', 'Pia', 'Samir', 'Tanja', 'Lukas', 'Marta', 'Niklas', 'Aylin', 'Jan',
  'Fatima', 'Moritz', 'Lina', 'Emil', 'Johanna', 'Karim', 'Ida', 'Mateo', 'Nora', 'Anton', 'Leonie', 'Tariq',
];

export const LAST_NAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Nowak',
  'Kowalski', 'Nguyen', 'Tran', 'Rossi', 'García', 'Petrov', 'Haddad', 'Khalil', 'Okafor', 'Andersson',
  'Dubois', 'Popescu', 'Cohen', 'Öztürk', 'Jansen', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Lorenz',
  'Baumann', 'Franke', 'Albrecht', 'Ivanova', 'Santos', 'Berg', 'Sommer', 'Winter', 'Brandt',
];

/** Lower-case ASCII for e-mail addresses: German umlauts the German way, other marks dropped. */
export function asciiFold(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
