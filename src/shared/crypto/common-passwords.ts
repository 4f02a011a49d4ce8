/**
 * Shipped with the app so the check works offline (NIST 800-63B §5.1.1.2: compare against values
 * known to be commonly used). Two lists: whole passwords of 12+ characters that appear near the top
 * of public breach-frequency lists, and the base words people most often pad to reach a length rule
 * ("Password2024!", "iloveyouiloveyou"). All lower case; the policy normalises before comparing.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '123123123123', '111111111111', '000000000000',
  '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qwertyuiopasdfghjkl', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', 'asdfghjkl123',
  'zxcvbnm123456', 'abc123abc123', 'abcd1234abcd', 'password1234', 'password12345', 'password123456', 'passwordpassword',
  'iloveyou1234', 'iloveyouiloveyou', 'letmein12345', 'welcome12345', 'welcome123456', 'administrator', 'administrator1',
  'changeme1234', 'trustno1trustno1', 'football1234', 'baseball1234', 'superman1234', 'starwars1234', 'princess1234',
  'sunshine1234', 'whatever1234', 'monkey123456', 'dragon123456', 'master123456', 'michael12345', 'jennifer1234',
  'mypassword12', 'mypassword123', 'thisismypassword', 'passw0rd1234', 'p@ssw0rd1234', 'secretpassword', 'correcthorsebatterystaple',
  'correct horse battery staple', 'iloveyoumorethanyouknow', 'letmeinplease', 'opensesame123', 'blink182blink182',
]);

export const COMMON_BASE_WORDS: ReadonlySet<string> = new Set([
  'password', 'passw0rd', 'pass', 'passwd', 'qwerty', 'qwertyuiop', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcvbnm', 'letmein',
  'welcome', 'iloveyou', 'admin', 'administrator', 'root', 'user', 'login', 'guest', 'master', 'monkey', 'dragon', 'shadow',
  'sunshine', 'princess', 'football', 'baseball', 'soccer', 'hockey', 'basketball', 'superman', 'batman', 'starwars',
  'pokemon', 'whatever', 'trustno1', 'freedom', 'secret', 'changeme', 'default', 'summer', 'winter', 'spring', 'autumn',
  'january', 'february', 'march', 'april', 'august', 'september', 'october', 'november', 'december', 'monday', 'friday',
  'flower', 'hello', 'charlie', 'michael', 'jennifer', 'jordan', 'hunter', 'ranger', 'buster', 'tigger', 'ginger', 'pepper',
  'cookie', 'cheese', 'chocolate', 'computer', 'internet', 'killer', 'lovely', 'loveme', 'mustang', 'harley', 'matrix',
  'michelle', 'jessica', 'ashley', 'daniel', 'thomas', 'andrew', 'joshua', 'access', 'abc', 'abcd', 'abcdef', 'qazwsx',
  'clinic', 'therapy', 'therapist', 'counseling', 'counselor', 'health', 'healthcare', 'hospital', 'doctor', 'nurse',
  'patient', 'office', 'company', 'hipaa', 'waypoint', 'iop', 'recovery',
]);
