// Word lists for generate.ts. Deliberately full of words attacks also use (select, drop,
// union, script, alert, order, table, cat, ping, echo, sleep, type, window, system, id).
export const FIRST = ['Alice', 'Bob', 'Carlos', 'Dana', 'Eve', 'Fatima', 'Günter', 'Hiro', 'Ines', 'Jamal', 'Katarzyna', 'Liam', 'Mei', 'Nikolai', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wanjiru', 'Xavier', 'Yuki', 'Zoë', 'Siobhan', 'Ciarán', 'Renée', 'André', 'Björn', 'Chloé', 'Dmitri', 'Aoife', 'Mohammed', 'Sofía', 'João', 'Anaïs', 'Kwame', 'Leilani'];
export const LAST = ['Smith', 'García', 'Müller', 'Nguyen', 'Kowalski', 'Tanaka', 'Okafor', 'Rossi', 'Johansson', 'Dubois', 'Ivanova', 'Haddad', 'Patel', 'Kim', 'Silva', 'Novak', 'Jensen', 'Cohen', 'Murphy', 'Schmidt', 'Lefèvre', 'Fernández', 'Yilmaz', 'Andersson', 'Papadopoulos', 'Select', 'Union', 'Drop', 'Script', 'Order', 'Table', 'Cat', 'Echo', 'Ping', 'Sleep', 'Window'];
export const NAMES_WITH_APOSTROPHES = ["O'Brien", "O'Neil", "O'Connor", "O'Hara", "O'Reilly", "O'Sullivan", "D'Angelo", "D'Souza", "D'Arcy", "Dell'Orto", "L'Estrange", "M'Bala", "N'Diaye", "Ma'afu", "Ka'ahumanu", "De'Andre", "O'Donnell-Price", "Van't Hoff"];
export const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'shop.example.co.uk', 'corp.example.de', 'uni.example.edu', 'news.example.fr', 'example.jp'];
export const STREETS = ['Main Street', 'Baker St.', 'Rue de la Paix', 'Hauptstraße 5a', "King's Road", 'Calle Mayor', 'Via Roma', 'Union Square', 'Select Lane', 'Drop Lane'];
export const CITIES = ['London', 'Paris', 'Berlin', 'München', 'Zürich', 'Kraków', 'São Paulo', 'Tōkyō', 'Москва', 'القاهرة', 'Québec', "Coeur d'Alène", 'Saint-Étienne', "L'Aquila", 'New York', 'Union City', 'Oslo'];
export const COUNTRIES = ['UK', 'France', 'Germany', 'Japan', 'Brazil', 'Egypt', 'Canada', 'USA', 'Italy', 'Norway'];
export const COMPANIES = ['Smith & Sons', 'AT&T', 'Johnson & Johnson', "Macy's", "Kellogg's", 'Procter & Gamble', 'Select Comfort', 'Union Pacific', 'Script Labs Ltd.', 'Alert Logic', 'Table & Chair Co.', 'Drop Box Storage (UK)', 'Echo Ltd.'];
export const EXTS = ['txt', 'pdf', 'docx', 'png', 'jpg', 'csv', 'json', 'ts', 'md', 'html', 'xlsx', 'log', 'zip'];
export const WORDS = ['select', 'union', 'drop', 'script', 'alert', 'order', 'table', 'update', 'insert', 'delete', 'from', 'where', 'join', 'group', 'having', 'sleep', 'cat', 'echo', 'ping', 'type', 'window', 'system', 'id', 'list', 'view', 'index', 'home', 'photos', 'reports', 'invoice', 'budget', 'summer', 'winter', 'garden', 'kitchen', 'music', 'travel', 'shoes', 'coffee', 'book', 'river', 'mountain', 'blue', 'green', 'fast', 'quiet', 'data', 'user', 'profile', 'settings', 'search', 'cart', 'checkout', 'news', 'sports', 'weather', 'bash', 'shell', 'path', 'root', 'admin', 'exec', 'eval', 'prompt', 'confirm', 'image', 'body', 'style', 'frame', 'object'];
export const QUERY_WORDS = ['cheap flights to rome', 'how to drop a column in excel', 'select all shortcut mac', 'union station hours', 'movie script format', 'tornado alert today', 'best pizza near me', "o'brien family history", 'cat food delivery', 'ping pong table size', 'echo dot setup', 'sleep tips for babies', 'window cleaning prices', 'order pizza online', 'how to update windows', 'delete instagram account', 'insert page break word', 'where to buy a bike', 'sql tutorial for beginners', 'javascript alert box example', 'html script tag meaning', 'what is a union in c', 'drop shipping business', 'table of contents template', '1 or 2 bedroom apartment', 'size 10 or 11', 'black & white photos', 'rock & roll hall of fame', 'c++ vs java', 'what does -- mean in text', 'unix cat command', 'windows system32 folder', 'etc meaning', 'parent directory meaning'];
export const SUBJECTS = ['the team', 'my neighbour', 'our manager', 'the kids', 'the union', 'the committee', 'the DJ', 'the chef', 'the teacher', 'my cat', 'the script writer', 'the weather service', 'the support agent', 'a friend of mine', 'the developers', 'the board', 'the bakery', 'the city council', 'the students', 'grandma'];
export const VERBS = ['selected', 'dropped', 'updated', 'ordered', 'deleted', 'inserted', 'wrote', 'read', 'joined', 'alerted', 'reviewed', 'cancelled', 'booked', 'painted', 'fixed', 'sorted', 'grouped', 'echoed', 'pinged', 'typed', 'executed', 'confirmed', 'loved', 'shared', 'printed', 'scripted'];
export const OBJECTS = ['the report', 'a new table', 'the drop-down menu', 'the final script', 'an alert', 'the order', 'a union contract', 'the window seat', 'the system update', 'two tickets', 'the cat photos', 'the group chat', 'the shell collection', 'a root vegetable soup', 'the admin panel', 'the list of names', 'the budget (again)', "O'Brien's proposal", 'the "best of" playlist', 'the old id card', 'the user manual', 'the 1-2 punch', 'the x > y example'];
export const TAILS = ['yesterday', 'on Monday', 'before lunch', 'at 5 pm', 'from home', 'where it belongs', 'in the other window', 'for the third time', 'with great care', 'and went to sleep', 'or so they say', 'as usual', '-- twice', 'and/or later', 'by 10:30', 'in 2 minutes'];
export const QUOTES = ["it's fine", "don't worry", 'select carefully', 'drop it', 'union forever', 'read the script', "we'll see", 'or else', 'one = one', 'less is more', 'sleep on it', 'type faster', 'cat got your tongue?', "that's what she said", 'order matters', 'where there is a will', 'alert and awake', '1 or 2, not both'];
export const ASIDES = ['finally', 'no surprise', 'see page 3', 'or so I heard', '2024', 'thanks to Bob', "it's true", 'again', 'again & again', 'x2'];
export const MULTILINGUAL = [
  'Bitte wählen Sie Ihre Größe aus.', 'Die Bestellung wurde am Montag versandt.', 'Können wir das Meeting verschieben?', 'Ich wohne in der Hauptstraße 12.',
  "Veuillez sélectionner votre taille.", "La commande a été expédiée lundi.", "Qu'est-ce que tu en penses ?", "J'habite rue de l'Église.",
  'Seleccione su talla, por favor.', 'El pedido se envió el lunes.', '¿Qué opinas del proyecto?',
  'Seleziona la tua taglia.', "L'ordine è stato spedito lunedì.",
  'Выберите ваш размер.', 'Заказ был отправлен в понедельник.', 'Что вы думаете об этом?',
  'サイズを選択してください。', 'ご注文は月曜日に発送されました。', 'どう思いますか？',
  '请选择您的尺码。', '订单已于周一发货。', '你觉得怎么样？',
  'يرجى اختيار المقاس.', 'تم شحن الطلب يوم الاثنين.', 'ما رأيك؟',
  'Lütfen bedeninizi seçin.', 'Wybierz swój rozmiar.', 'Kies uw maat.', 'Välj din storlek.', 'Επιλέξτε το μέγεθός σας.', 'בחר את המידה שלך.', 'कृपया अपना आकार चुनें।', '사이즈를 선택하세요.',
];
export const CODE_LINES = [
  'const x = a < b ? a : b;', 'if (count > 0 && ready) start();', "let msg = `Hello ${name}`;", 'return items.filter((i) => i.active);',
  'for i in range(10): print(i)', 'SELECT_KEY = 1', 'def union(a, b): return a | b', 'x = y & mask', 'print(a or b)', 'assert a == b',
  'git status', 'npm run build', 'cd src', 'mkdir -p build/out', 'python3 -m venv .venv', 'docker ps',
  '<p>Hello</p>', '<b>bold</b>', '<br>', '<em>note</em>', 'a { color: red; }', '# Heading', '- list item', '**bold** and _italic_',
];
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
export const FUNCS = ['sum', 'max', 'min', 'format', 'round', 'parse', 'render', 'compute', 'resize', 'sortBy', 'groupBy', 'toUpper'];
