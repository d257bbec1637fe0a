// Word lists for the structured benign values, each in two disjoint halves: `train` feeds the
// training sets, `eval` only the held-out evaluation sets, so an evaluation value never reuses
// a training word of the same list (the generator's "source" is its templates + vocabulary).

export interface Halves { train: readonly string[]; eval: readonly string[] }

export const FIRST: Halves = {
  train: ['Alice', 'Marcus', 'Priya', 'Jürgen', 'Chloé', 'Tomasz', 'Aisha', 'Kenji', 'Sofia', 'Oluwaseun', 'Hannah', 'Diego', 'Mary-Kate', 'Siobhán', 'Wei', 'Lars', 'Fatima', 'Noah', 'Zoë', 'Rajesh'],
  eval: ['Beatriz', 'Connor', 'Yuki', 'Anneliese', 'Mohammed', 'Ingrid', 'Pedro', 'Ngozi', 'Élodie', 'Sven', 'Jean-Luc', 'Ayşe', 'Dmitri', 'Grace', 'Ravi', 'Léa', 'Kwame', 'Astrid', 'Mateus', 'Hye-jin'],
};
export const LAST: Halves = {
  train: ['Okonkwo', 'Schneider', "O'Malley", 'Fernández', 'Nakamura', 'Van der Berg', 'Kowalczyk', 'Smith-Jones', 'Andersson', 'Rossi', "D'Amico", 'Nguyen', 'MacLeod', 'Ben-David', 'Papadopoulos', 'Li'],
  eval: ['Haugen', "O'Donnell", 'Martínez', 'Takahashi', 'de la Cruz', 'Nowak', 'Whitfield-Hayes', 'Lindqvist', 'Bianchi', "Dell'Acqua", 'Tran', 'McAllister', 'Levi', 'Georgiou', 'Zhang', 'Mbeki'],
};
export const HONORIFICS: Halves = {
  train: ['Dr.', 'Prof.', 'Mrs.', 'Mr.', 'Sir', 'Rev.'],
  eval: ['Ms.', 'Dame', 'Capt.', 'Hon.', 'Sr.', 'Fr.'],
};
export const JOB_TITLES: Halves = {
  train: ['Senior Software Engineer', 'Head of Sales (EMEA)', 'VP, Operations', 'Nurse Practitioner', 'Data Analyst II', 'Chief Technology Officer', 'Union Representative', 'Select Committee Clerk'],
  eval: ['Principal Engineer (Platform)', 'Director, Customer Success', 'Registered Dietitian', 'QA Lead - Mobile', 'Staff Accountant', 'Order Fulfilment Supervisor', 'Drop Zone Coordinator', 'Head of Security & Compliance'],
};
/** SQL function names that are also ordinary words or product names: "ASCII (Augertek)". */
export const SQL_WORD_TITLES: Halves = {
  train: ['ASCII', 'CHAR', 'COUNT', 'SUBSTRING', 'VERSION', 'USER', 'DATABASE', 'LENGTH', 'CONCAT', 'SLEEP', 'REPLACE', 'UPPER', 'SUM', 'MAX'],
  eval: ['ORD', 'MID', 'HEX', 'CAST', 'CONVERT', 'IF', 'COALESCE', 'NOW', 'DATE', 'LEFT', 'ROUND', 'FLOOR', 'BENCHMARK', 'SCHEMA'],
};
export const BRANDS: Halves = {
  train: ['Augertek', 'Nordvik', 'BlueHarbor', 'Quillon', 'Tessaro', 'Brightwell', 'Kestrel', 'Ovanta', 'Pinecrest', 'Valmora'],
  eval: ['Zentrix', 'Harbourline', 'Corvane', 'Lumatek', 'Redfern', 'Solvay Home', 'Ironwood', 'Meridia', 'Kalbo', 'Westgate'],
};
export const PRODUCTS: Halves = {
  train: ['OAK SHELF', 'PLYWOOD', 'DRYWALL SCREW', 'PVC PIPE', 'DECK BOARD', 'LED BULB', 'GARDEN HOSE', 'PINE STUD', 'WOOD GLUE', 'HEX BOLT', 'CABINET HINGE', 'MDF PANEL'],
  eval: ['BIRCH VENEER', 'COPPER ELBOW', 'MASONRY BIT', 'CEDAR FENCE PICKET', 'FLOOR TILE', 'EXTENSION CORD', 'LAG SCREW', 'CONCRETE MIX', 'DOOR KNOB', 'TOGGLE BOLT', 'SHOP VAC FILTER', 'TREATED POST'],
};
export const MATERIALS: Halves = {
  train: ['WHITE', 'STAINLESS', 'GALVANIZED', 'MAPLE', 'BLACK', 'CHROME'],
  eval: ['BRASS', 'WALNUT', 'ZINC', 'BRONZE', 'GREY', 'OAK VENEER'],
};
export const STREETS: Halves = {
  train: ['Elm Street', 'Rue Saint-Denis', 'Königsallee', "Queen's Road", 'Calle de Alcalá', 'Via Garibaldi', 'Union Avenue', 'Select Lane', 'Oak Drive', 'Harbour Rd.'],
  eval: ['Maple Avenue', 'Boulevard Haussmann', 'Friedrichstraße', "King's Parade", 'Paseo del Prado', 'Corso Buenos Aires', 'Drop Forge Way', 'Table Mountain Rd', 'Church St.', 'Waterloo Pl.'],
};
export const PLACES: Halves = {
  train: ['Springfield, IL 62704', 'London SW1A 1AA', '75008 Paris', '10117 Berlin', 'Toronto, ON M5V 2T6', 'Sydney NSW 2000', '100-0005 Tokyo', 'Dublin D02 X285'],
  eval: ['Portland, OR 97205', 'Edinburgh EH1 1YZ', '69002 Lyon', '80331 München', 'Vancouver, BC V6B 1A1', 'Melbourne VIC 3000', '530-0001 Osaka', 'Cork T12 X70A'],
};
export const TOPICS: Halves = {
  train: ['wireless headphones', 'union jobs', 'drop shipping', 'script writing', 'select comfort mattress', 'table lamp', 'red dress', 'python tutorial'],
  eval: ['noise cancelling earbuds', 'order tracking', 'alert fatigue', 'delete account', 'insert molding', 'coffee table', 'javascript course', 'exec chair'],
};
export const FIELDS: Halves = {
  train: ['title', 'author', 'siteName', 'status', 'tag', 'price', 'created'],
  eval: ['subject', 'owner', 'category', 'state', 'label', 'size', 'updated'],
};
/** Shell commands as people quote them in forum posts and tickets. */
export const COMMANDS: Halves = {
  train: [
    'sudo systemctl restart nginx', 'journalctl -xe', 'sudo apt update && sudo apt upgrade', 'ls -la /var/www', 'grep -r "TODO" src/',
    'chmod +x deploy.sh', 'tail -f /var/log/syslog', 'df -h', 'ps aux | grep node', 'sudo ufw allow 22/tcp', 'cat ~/.ssh/id_ed25519.pub',
    'export PATH=$HOME/bin:$PATH', 'make clean && make', 'uname -a', 'free -m', 'sudo reboot',
  ],
  eval: [
    'docker compose up -d', 'kubectl get pods -n kube-system', 'git rebase -i HEAD~3', 'npm ci && npm test', 'pip install -r requirements.txt',
    'du -sh * | sort -h', 'sudo chown -R www-data:www-data /var/www/html', 'lsblk -f', 'ssh -L 8080:localhost:80 user@host', 'top -o %MEM',
    'find . -name "*.log" -mtime +7 -delete', 'echo $SHELL', 'crontab -e', 'sudo service apache2 reload', 'rm -rf node_modules && npm install', 'ip addr show',
  ],
};
export const HOSTS: Halves = {
  train: ['shop.example.com', 'app.example.org', 'docs.example.net', 'example.co.uk'],
  eval: ['portal.example.io', 'maps.example.com', 'dash.example.dev', 'store.example.de'],
};
